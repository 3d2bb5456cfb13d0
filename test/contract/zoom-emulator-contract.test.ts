import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FILTER_TYPES,
  SESSION_TYPES,
} from '../../functions/sync/zoom/schema.js';
import {
  generateSessions,
  sampleSessions,
  startZoomEmulator,
  type ZoomEmulator,
} from '../../local/zoom-emulator/index.js';

interface Parameter {
  name: string;
  schema: { enum?: string[]; maximum?: number; default?: unknown };
}
interface Operation {
  parameters: Parameter[];
  responses: Record<
    string,
    { content?: { 'application/json': { schema: object } } }
  >;
}

const contract = JSON.parse(
  readFileSync(
    new URL(
      '../fixtures/zoom-phone-sms-sessions.openapi.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as { paths: Record<string, { get: Operation }> };
const operation = contract.paths['/phone/sms/sessions']?.get as Operation;
const parameter = (name: string): Parameter['schema'] => {
  const found = operation.parameters.find((p) => p.name === name);
  if (found === undefined) throw new Error(`contract has no ${name}`);
  return found.schema;
};

// strict: false because OpenAPI's `example` keyword is not JSON Schema.
const ajv = new Ajv({ strict: false, allErrors: true });
const pageSchema =
  operation.responses['200']?.content?.['application/json'].schema;
const validatePage = ajv.compile(pageSchema ?? false);
const validateError = ajv.compile({
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'integer' }, message: { type: 'string' } },
});

const credentials = { accountId: 'acct', clientId: 'id', clientSecret: 'pw' };
const NOW = new Date('2024-06-15T12:00:00Z');

let zoom: ZoomEmulator;
let token: string;

beforeAll(async () => {
  const generated = generateSessions({
    seed: 'contract',
    from: new Date(NOW.getTime() - 40 * 86_400_000),
    to: NOW,
  });
  zoom = await startZoomEmulator({
    credentials,
    sessions: [...generated, ...sampleSessions()],
    now: () => NOW,
  });
  const basic = Buffer.from('id:pw').toString('base64');
  const res = await fetch(
    `${zoom.url}/oauth/token?grant_type=account_credentials&account_id=acct`,
    { method: 'POST', headers: { authorization: `Basic ${basic}` } },
  );
  token = String(((await res.json()) as { access_token: string }).access_token);
});

afterAll(async () => {
  await zoom.stop();
});

async function get(
  params: Record<string, string>,
  auth: string | undefined = `Bearer ${token}`,
  path: string | undefined = '/v2/phone/sms/sessions',
): Promise<{ status: number; body: unknown }> {
  const query = new URLSearchParams(params).toString();
  const res = await fetch(`${zoom.url}${path}?${query}`, {
    headers: { authorization: auth },
  });

  return { status: res.status, body: await res.json() };
}

/** Every page of a listing, each checked against the contract. */
async function validatedListing(
  params: Record<string, string>,
): Promise<unknown[]> {
  const sessions: unknown[] = [];
  let next = '';
  do {
    const query = next === '' ? params : { ...params, next_page_token: next };
    const { status, body } = await get(query);
    expect(status).toBe(200);
    expect(validatePage(body), ajv.errorsText(validatePage.errors)).toBe(true);

    const page = body as { next_page_token: string; sms_sessions: unknown[] };
    sessions.push(...page.sms_sessions);
    next = page.next_page_token;
  } while (next !== '');

  return sessions;
}

describe('200 responses of GET /phone/sms/sessions', () => {
  it('match the contract for every page of generated data', async () => {
    const sessions = await validatedListing({
      session_type: 'all',
      page_size: String(parameter('page_size').maximum),
    });

    expect(sessions.length).toBeGreaterThan(1000);
  });

  it.each(SESSION_TYPES)(
    'match the contract for session_type %s in small pages',
    async (sessionType) => {
      const sessions = await validatedListing({
        session_type: sessionType,
        page_size: '37',
      });

      expect(sessions.length).toBeGreaterThan(0);
    },
  );

  it("match the contract for Zoom's reference example", async () => {
    const sessions = await validatedListing({
      session_type: 'all',
      from: '2022-03-01',
      to: '2022-03-31',
    });

    expect(sessions).toEqual(sampleSessions());
  });

  it('match the contract when nothing is found', async () => {
    const sessions = await validatedListing({ phone_number: '10000000000' });

    expect(sessions).toEqual([]);
  });
});

describe('query parameters the emulator accepts', () => {
  it('are the session_type values of the contract', async () => {
    const values = parameter('session_type').enum ?? [];

    expect([...values].sort()).toEqual([...SESSION_TYPES].sort());
    for (const value of values) {
      expect((await get({ session_type: value })).status).toBe(200);
    }
  });

  it('are the filter_type values of the contract', async () => {
    const values = parameter('filter_type').enum ?? [];

    expect([...values].sort()).toEqual([...FILTER_TYPES].sort());
    for (const value of values) {
      expect((await get({ filter_type: value })).status).toBe(200);
    }
  });

  it('stop at the page_size maximum of the contract', async () => {
    const maximum = parameter('page_size').maximum ?? Number.NaN;

    expect((await get({ page_size: String(maximum) })).status).toBe(200);
    expect((await get({ page_size: String(maximum + 1) })).status).toBe(400);
  });

  it('default page_size and session_type as the contract says', async () => {
    const omitted = await get({ session_type: 'all' });
    const explicit = await get({
      session_type: String(parameter('session_type').default),
    });
    const byDefault = await get({});

    expect(omitted.body).toMatchObject({
      page_size: parameter('page_size').default,
    });
    expect(
      (byDefault.body as { sms_sessions: unknown[] }).sms_sessions,
    ).toEqual((explicit.body as { sms_sessions: unknown[] }).sms_sessions);
  });
});

describe('error responses', () => {
  it.each([
    { when: 'an invalid token', auth: 'Bearer nope', status: 401 },
    { when: 'an unknown session_type', params: { session_type: 'x' } },
    { when: 'page_size over the maximum', params: { page_size: '101' } },
    { when: 'from without to', params: { from: '2024-06-01' } },
    { when: 'an unknown page token', params: { next_page_token: 'x' } },
    { when: 'an unknown path', path: '/v2/phone/other', status: 404 },
  ])('carry a numeric code and a string message for $when', async (c) => {
    const answer = await get(c.params ?? {}, c.auth, c.path);

    expect(answer.status).toBe(c.status ?? 400);
    expect(
      validateError(answer.body),
      ajv.errorsText(validateError.errors),
    ).toBe(true);
  });
});

describe('error responses of injected faults and limits', () => {
  it.each([
    { fault: { kind: 'rate_limit_qps' }, status: 429 },
    { fault: { kind: 'rate_limit_daily' }, status: 429 },
    { fault: { kind: 'invalid_token' }, status: 401 },
    { fault: { kind: 'expired_page_token' }, status: 400 },
  ] as const)(
    'carry a numeric code and a string message for $fault.kind',
    async ({ fault, status }) => {
      zoom.injectFault(fault);
      const answer = await get({});

      expect(answer.status).toBe(status);
      expect(
        validateError(answer.body),
        ajv.errorsText(validateError.errors),
      ).toBe(true);
    },
  );

  it('carry a numeric code and a string message from the rate limiter', async () => {
    const limited = await startZoomEmulator({
      credentials,
      rateLimit: { perSecond: 1 },
    });
    try {
      const basic = Buffer.from('id:pw').toString('base64');
      const res = await fetch(
        `${limited.url}/oauth/token?grant_type=account_credentials&account_id=acct`,
        { method: 'POST', headers: { authorization: `Basic ${basic}` } },
      );
      const { access_token } = (await res.json()) as { access_token: string };
      const call = () =>
        fetch(`${limited.url}/v2/phone/sms/sessions`, {
          headers: { authorization: `Bearer ${access_token}` },
        });
      const answers = await Promise.all([call(), call(), call()]);
      const refused = answers.find((a) => a.status === 429);

      expect(refused).toBeDefined();
      const body: unknown = await refused?.json();
      expect(validateError(body), ajv.errorsText(validateError.errors)).toBe(
        true,
      );
    } finally {
      await limited.stop();
    }
  });
});

describe('the contract schema', () => {
  it('rejects a page that breaks it, so passing pages prove something', () => {
    const broken = {
      next_page_token: '',
      page_size: 30,
      sms_sessions: [
        { session_id: 'x', participants: [{ owner: { type: 'robot' } }] },
      ],
    };

    expect(validatePage(broken)).toBe(false);
  });
});
