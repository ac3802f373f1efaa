import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../../src/lib/http/openapi/openapi';
import { connectorSecurityOf } from '../../../../src/lib/http/openapi/openapiSecurity';

/*
 * The connector's security, by the validator's Security rules (certification-swagger-validator-rules.md)
 * and the two ways makers connect: OAuth 2.0 with Microsoft Entra ID (openapi.json with
 * apiProperties.json, identityProvider "aad") and a function key (the *.function-key.json pair).
 * A custom connector takes one security definition, hence two variants.
 */
const folder = join(__dirname, '..', '..', '..', '..', 'openapi');
const read = <T>(name: string): T => JSON.parse(readFileSync(join(folder, name), 'utf8')) as T;
type SecurityDefinition = Record<string, unknown> & { type: string };
type Requirement = Record<string, unknown[]>;
type Doc = { securityDefinitions: Record<string, SecurityDefinition>; security?: Requirement[]; paths: Record<string, Record<string, { security?: Requirement[] }>> };
type OAuthSetting = { identityProvider: string; clientId: string; scopes: unknown[]; redirectUrl: string; properties: Record<string, string>; customParameters: Record<string, { value: string }> };
type Properties = { properties: { connectionParameters: Record<string, { type: string; oAuthSettings?: OAuthSetting }> } };

// Swagger 2.0's Security Scheme Object: what each type requires and allows.
const required: Record<string, string[]> = { apiKey: ['name', 'in'], oauth2: ['flow', 'authorizationUrl', 'tokenUrl', 'scopes'] };
const allowed: Record<string, string[]> = { apiKey: ['type', 'description', 'name', 'in'], oauth2: ['type', 'description', 'flow', 'authorizationUrl', 'tokenUrl', 'scopes'] };

describe.each(['openapi.json', 'openapi.function-key.json'])('%s: the validator\'s security rules', (file) => {
  const doc = read<Doc>(file);
  const requirements = [...(doc.security ?? []), ...Object.values(doc.paths).flatMap((methods) => Object.values(methods).flatMap((op) => op.security ?? []))];

  it('one security definition (a custom connector takes one)', () => {
    expect(Object.keys(doc.securityDefinitions)).toHaveLength(1);
  });

  it('SecuritySchemePropertyRequired, SecuritySchemePropertyNotValid', () => {
    for (const [name, definition] of Object.entries(doc.securityDefinitions)) {
      for (const property of required[definition.type] ?? ['unknown type']) expect(definition, name).toHaveProperty(property);
      for (const property of Object.keys(definition)) expect(allowed[definition.type], `${name}.${property}`).toContain(property);
    }
  });

  it('SecurityRequirementMustBeDefined, SecurityRequirementMustHaveValue, SecurityRequirementMustHaveEmptyValue', () => {
    expect(requirements.length).toBeGreaterThan(0);
    for (const requirement of requirements) {
      for (const [name, scopes] of Object.entries(requirement)) {
        expect(Object.keys(doc.securityDefinitions)).toContain(name);
        expect(scopes).toEqual([]);
      }
    }
  });
});

describe('the two ways to connect', () => {
  it('openapi.json: OAuth 2.0 (authorization code) with Microsoft Entra ID; apiProperties.json: identityProvider aad, resource = the API\'s application ID URI', () => {
    const [name, definition] = Object.entries(read<Doc>('openapi.json').securityDefinitions)[0] ?? [];
    expect(definition).toMatchObject({ type: 'oauth2', flow: 'accessCode' });
    expect(String(definition?.authorizationUrl)).toMatch(/^https:\/\/login\.microsoftonline\.com\//);
    expect(name).toBeTruthy();
    const token = read<Properties>('apiProperties.json').properties.connectionParameters.token;
    expect(token?.type).toBe('oauthSetting');
    const settings = token?.oAuthSettings;
    expect(settings).toMatchObject({ identityProvider: 'aad', redirectUrl: 'https://global.consent.azure-apim.net/redirect' });
    expect(settings?.properties.AzureActiveDirectoryResourceId).toMatch(/^api:\/\//);
    expect(settings?.customParameters.resourceUri?.value).toBe(settings?.properties.AzureActiveDirectoryResourceId);
    // No secret in the file: the connector app's credential is entered in Power Platform.
    expect(JSON.stringify(settings)).not.toMatch(/clientSecret/i);
  });

  it('openapi.function-key.json: the key as a secure connection parameter under the security definition\'s name', () => {
    const doc = read<Doc>('openapi.function-key.json');
    const [name, parameter] = Object.entries(read<Properties>('apiProperties.function-key.json').properties.connectionParameters)[0] ?? [];
    expect(parameter?.type).toBe('securestring');
    expect(doc.securityDefinitions[name ?? '']).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-functions-key' }));
  });

  it('a deployment serves the variant its API_AUTH_MODE needs (in both mode the host still asks for keys)', () => {
    const served = (mode: 'entra' | 'functionKey' | 'both') => Object.values((buildOpenApi('h', ['https'], connectorSecurityOf(mode)) as Doc).securityDefinitions)[0]?.type;
    expect(served('entra')).toBe('oauth2');
    expect(served('functionKey')).toBe('apiKey');
    expect(served('both')).toBe('apiKey');
  });
});
