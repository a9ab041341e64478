// Minimal types for autocannon 8 (the package ships none and @types/autocannon is not a dependency):
// only what the benchmarks in this folder use.
declare module 'autocannon' {
  namespace autocannon {
    type RequestParams = {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      [key: string]: unknown;
    };
    type Request = RequestParams & {
      /** Called before each request is sent; returns the request to send (a falsy value resets the sequence). */
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams | undefined | null;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
    };
    type Options = {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      pipelining?: number;
      timeout?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      requests?: Request[];
      /** Collect response bodies for onResponse (off unless set). */
      expectBody?: string;
      title?: string;
    };
    type Histogram = {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
      sent?: number;
      totalCount?: number;
    };
    type Result = {
      title?: string;
      url: string;
      connections: number;
      duration: number;
      samples: number;
      errors: number;
      timeouts: number;
      non2xx: number;
      resets: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram;
      throughput: Histogram;
    };
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
