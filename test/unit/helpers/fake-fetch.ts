/** Answers one request of the code under test. */
export type Route = (request: Request) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: typeof fetch;
  /** Every request received, in order. */
  requests: Request[];
}

/** A fetch that records each request and answers it with `route`. */
export const fakeFetch = (route: Route): FakeFetch => {
  const requests: Request[] = [];
  const fetch = async (
    input: Parameters<typeof globalThis.fetch>[0],
    init?: RequestInit,
  ): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    return route(request.clone());
  };

  return { fetch, requests };
};

/** A JSON answer with the given status and headers. */
export const json = (
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
