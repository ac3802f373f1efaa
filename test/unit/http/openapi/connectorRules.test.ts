import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Power Platform's connector validator is a closed service; its rules are documented
 * (microsoft/powerplatform-developerhub docs/custom-connectors/certification-swagger-validator-rules.md)
 * together with written guidance for certification. Each test is one rule, named as the validator
 * names it, checked on the file makers import. Where the rule's scope is not published the reading
 * taken here is stated.
 */
const folder = join(__dirname, '..', '..', '..', '..', 'openapi');
type Schema = { $ref?: string; properties?: Record<string, Schema>; 'x-ms-notification-url'?: boolean; 'x-ms-visibility'?: string; items?: Schema; 'x-ms-summary'?: string; type?: string };
type Response = { description?: string; schema?: Schema; examples?: Record<string, unknown>; headers?: Record<string, { type?: string }> };
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema; 'x-ms-summary'?: string; 'x-ms-visibility'?: string; 'x-ms-url-encoding'?: string };
type Operation = { operationId?: string; summary?: string; description?: string; consumes?: string[]; produces?: string[]; parameters?: Parameter[]; responses?: Record<string, Response>; 'x-ms-visibility'?: string; 'x-ms-trigger'?: string };
type Doc = {
  consumes?: string[];
  produces?: string[];
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, Schema>;
  securityDefinitions: Record<string, { type: string; in?: string; name?: string }>;
  'x-ms-connector-metadata'?: { propertyName: string; propertyValue: string }[];
};
// The Entra ID variant (the default) and the function-key variant: the same operations.
describe.each(['openapi.json', 'openapi.function-key.json'])('%s passes the validator rules that apply to it', (file) => {
  const doc = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Doc;
  // A path item holds operations by method, and extensions (x-ms-notification-content of a trigger).
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).filter(([method]) => !method.startsWith('x-')).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })));
  const visible = operations.filter(({ op }) => op['x-ms-visibility'] !== 'internal');
  const validMimeTypes = ['application/json', 'text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded'];
  const isSuccess = (status: string) => /^2\d\d$/.test(status);
  const titleCase = /^[A-Z0-9][A-Za-z0-9]*( [A-Z0-9][A-Za-z0-9]*)*$/;
  const metadata = (name: string) => doc['x-ms-connector-metadata']?.find((m) => m.propertyName === name)?.propertyValue;

  it('OperationIdRequired, OperationIdNotUnique, OperationIdTooLong (PascalCase, short)', () => {
    const ids = operations.map(({ op }) => op.operationId);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Za-z0-9]{1,63}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('OperationSummaryTooLong, RestrictedCharactersInSummary, ValueMustEndWithAlphanumeric (and the guidance: at most 80, no "/")', () => {
    for (const { name, op } of operations) {
      expect(op.summary?.length ?? 0, name).toBeGreaterThan(0);
      expect(op.summary?.length ?? 0, name).toBeLessThanOrEqual(80);
      expect(op.summary, name).not.toMatch(/[/\\<>{}[\]|"]/);
      expect(op.summary, name).toMatch(/[A-Za-z0-9]$/);
      // Guidance: a description that ends with a period and says more than the summary.
      expect(op.description, name).toMatch(/\.$/);
      expect(op.description, name).not.toBe(op.summary);
    }
  });

  it('OperationMustHaveResponse, OperationShouldHaveSuccessfulResponse, DefaultResponseHasSchema', () => {
    for (const { name, op } of operations) {
      const statuses = Object.keys(op.responses ?? {});
      expect(statuses.length, name).toBeGreaterThan(0);
      expect(statuses.some(isSuccess), name).toBe(true);
      expect(op.responses?.default?.schema, name).toBeUndefined();
    }
  });

  it('SchemaDefinitionSetIncorrectly: every operation a maker sees has an output schema on 200 or 201', () => {
    const actions = visible.filter(({ op }) => op['x-ms-trigger'] === undefined);
    expect(actions.map((v) => v.op.operationId).sort()).toEqual(['CancelInvitation', 'GetCall', 'GetCallRoster', 'GetCallTimeline', 'GetInvitationByClientContext', 'GetInvitationStatus', 'HangUp', 'InviteIntoMeeting', 'InviteParticipants', 'JoinMeeting', 'ListCalls', 'RemoveParticipant']);
    for (const { name, op } of actions) expect(op.responses?.['200']?.schema ?? op.responses?.['201']?.schema, name).toBeDefined();
    // The invite's outputs are the final invitation, which the asynchronous pattern ends with.
    expect(doc.paths['/calls/{callId}/participants/invite']?.post?.responses?.['200']?.schema?.$ref).toBe('#/definitions/Invitation');
  });

  it('OperationHasManyResponsesWithSchema: one successful response per operation carries a schema', () => {
    // Read as successful responses: 1341 of 5918 operations of the certified connectors in
    // microsoft/PowerPlatformConnectors also give error responses a schema.
    for (const { name, op } of operations) {
      const withSchema = Object.entries(op.responses ?? {}).filter(([status, r]) => isSuccess(status) && r.schema);
      expect(withSchema.length, name).toBeLessThanOrEqual(1);
    }
  });

  it('ConsumesMissing, MimeTypeNotSupported, MimeTypeNotValid', () => {
    const used = [...(doc.consumes ?? []), ...(doc.produces ?? [])];
    for (const { name, op } of operations) {
      if (op.parameters?.some((p) => p.in === 'body')) expect(op.consumes?.some((m) => validMimeTypes.includes(m)), name).toBe(true);
      used.push(...(op.consumes ?? []), ...(op.produces ?? []));
      for (const r of Object.values(op.responses ?? {})) used.push(...Object.keys(r.examples ?? {}));
    }
    expect(used.length).toBeGreaterThan(0);
    for (const mime of used) expect(validMimeTypes).toContain(mime);
  });

  it('PathParameterMissingEncoding, PathParameterMustBeRequired', () => {
    for (const { name, path, op } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(params.map((p) => p.name).sort(), name).toEqual(inPath.sort());
      for (const p of params) expect(p, `${name} ${p.name}`).toMatchObject({ required: true, 'x-ms-url-encoding': 'single' });
    }
  });

  it('ConnectorMetadataPropertiesMissing, InvalidConnectorCategory, TooManyConnectorCategories', () => {
    expect(metadata('Website')).toMatch(/^https:\/\//);
    expect(metadata('Privacy policy')).toMatch(/^https:\/\//);
    // The categories certified connectors in microsoft/PowerPlatformConnectors use.
    const allowed = ['AI', 'Business Management', 'Business Intelligence', 'Collaboration', 'Commerce', 'Communication', 'Content and Files', 'Data', 'Finance', 'Human Resources', 'Internet of Things', 'IT Operations', 'Lifestyle and Entertainment', 'Marketing', 'Productivity', 'Sales and CRM', 'Security', 'Social Media', 'Website'];
    const categories = (metadata('Categories') ?? '').split(';');
    expect(categories.length).toBeGreaterThan(0);
    expect(categories.length).toBeLessThanOrEqual(2);
    for (const c of categories) expect(allowed).toContain(c);
  });

  it('guidance: Title Case x-ms-summary of at most 80 on every parameter and on every output a maker sees', () => {
    const labels: string[] = [];
    for (const { name, op } of operations) {
      for (const p of op.parameters ?? []) {
        labels.push(p['x-ms-summary'] ?? `${name} ${p.name} has none`);
        if (p.in !== 'body') expect(['important', 'advanced', 'internal'], `${name} ${p.name}`).toContain(p['x-ms-visibility']);
      }
    }
    const walk = (schema: Schema, at: string) => {
      const target = schema.$ref ? doc.definitions[schema.$ref.replace('#/definitions/', '')] ?? {} : schema;
      for (const [key, child] of Object.entries(target.properties ?? {})) {
        labels.push(child['x-ms-summary'] ?? `${at}.${key} has none`);
        walk(child, `${at}.${key}`);
      }
      if (target.items) walk(target.items, `${at}[]`);
    };
    for (const { op } of visible) walk(op.responses?.['200']?.schema ?? {}, op.operationId ?? '');
    expect(labels.length).toBeGreaterThan(40);
    for (const label of labels) {
      expect(label).toMatch(titleCase);
      expect(label.length).toBeLessThanOrEqual(80);
    }
  });

  // Webhook triggers (Microsoft Learn, "Create a webhook trigger" and the OpenAPI extensions):
  // a registration operation marked x-ms-trigger, the callback URL in a body property marked
  // x-ms-notification-url, a 201 with Location, which the platform DELETEs when the flow is
  // turned off, and the delivered payload's schema in x-ms-notification-content on the path.
  it('webhook triggers: x-ms-trigger, x-ms-notification-url, 201 + Location, a delete for the Location, x-ms-notification-content', () => {
    const triggers = operations.filter(({ op }) => op['x-ms-trigger'] !== undefined);
    expect(triggers.map(({ op }) => op.summary).sort()).toEqual(['When an invitation finishes', 'When someone joins the call', 'When someone leaves the call', 'When the call ends']);
    const deref = (schema: Schema | undefined) => (schema?.$ref ? doc.definitions[schema.$ref.replace('#/definitions/', '')] : schema);
    for (const { name, path, op } of triggers) {
      expect(op['x-ms-trigger'], name).toBe('single');
      const body = deref(op.parameters?.find((p) => p.in === 'body')?.schema);
      expect(body?.properties?.notificationUrl, name).toMatchObject({ 'x-ms-notification-url': true, 'x-ms-visibility': 'internal' });
      expect(op.responses?.['201']?.headers?.Location, name).toMatchObject({ type: 'string' });
      const content = (doc.paths[path] as unknown as { 'x-ms-notification-content'?: { schema?: Schema } })['x-ms-notification-content'];
      expect(deref(content?.schema)?.properties?.data, name).toBeDefined();
    }
    // The Location is /subscriptions/{id}: Power Automate's unsubscribe needs a DELETE there, hidden from makers.
    expect(doc.paths['/subscriptions/{subscriptionId}']?.delete).toMatchObject({ operationId: 'DeleteSubscription', 'x-ms-visibility': 'internal' });
  });

  it("the bot's call actions a maker starts from: Join a meeting, Invite into a meeting by its link, Hang up, List the bot's calls", () => {
    expect(doc.paths['/calls']?.post?.summary).toBe('Join a meeting');
    expect(doc.paths['/meetings/invite']?.post?.summary).toBe('Invite into a meeting by its link');
    expect(doc.paths['/calls/{callId}']?.delete?.summary).toBe('Hang up');
    expect(doc.paths['/calls']?.get?.summary).toBe("List the bot's calls");
    // Their outputs are the final documents of the asynchronous pattern.
    expect(doc.paths['/calls']?.post?.responses?.['200']?.schema?.$ref).toBe('#/definitions/Call');
    expect(doc.paths['/meetings/invite']?.post?.responses?.['200']?.schema?.$ref).toBe('#/definitions/Invitation');
  });

  it('the actions the guide uses: Cancel an invitation, Remove a participant', () => {
    expect(doc.paths['/calls/{callId}/invitations/{invitationId}']?.delete?.summary).toBe('Cancel an invitation');
    expect(doc.paths['/calls/{callId}/participants/{participantId}']?.delete?.summary).toBe('Remove a participant');
  });
});
