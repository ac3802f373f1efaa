import type { ApiAuthMode } from '../../config/apiAuthMode';
import { permissions } from '../../auth/permissions';

/**
 * How the connector authenticates. A custom connector takes one security definition, so the
 * definition comes in two variants: `entra` (OAuth 2.0 with Microsoft Entra ID; apiProperties.json
 * says identityProvider "aad" and the API's application ID URI as the resource) and `functionKey`
 * (the key as a secure connection parameter; apiProperties.function-key.json).
 */
export type ConnectorSecurity = 'entra' | 'functionKey';

/** What a deployment serves: in `both` mode the host still asks for keys, so the key variant. */
export const connectorSecurityOf = (mode: ApiAuthMode): ConnectorSecurity => (mode === 'entra' ? 'entra' : 'functionKey');

const roles = Object.values(permissions).join(', ');

export function securityOf(security: ConnectorSecurity) {
  if (security === 'functionKey') {
    return {
      // The name apiProperties.function-key.json gives the connection parameter, so the key lives in the connection.
      securityDefinitions: { api_key: { type: 'apiKey', in: 'header', name: 'x-functions-key', description: 'Function key (or the host admin key for /ops)' } },
      security: [{ api_key: [] }],
    };
  }
  return {
    securityDefinitions: {
      oauth2_auth: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/authorize',
        tokenUrl: 'https://login.microsoftonline.com/common/oauth2/token',
        scopes: {},
        description: `Microsoft Entra ID: an access token whose resource is the API's application ID URI. Its app roles (roles) or delegated scopes (scp) decide what the caller may do: ${roles}`,
      },
    },
    security: [{ oauth2_auth: [] }],
  };
}
