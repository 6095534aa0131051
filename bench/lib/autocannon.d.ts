// autocannon ships no types; this declares the part bench/lib/load.ts uses.
declare module "autocannon" {
  export interface Request {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
  }

  export interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    /** Seconds to run. */
    duration?: number;
    requests?: Request[];
  }

  /** The summary passed to the callback; only the counters bench reads. */
  export interface Result {
    errors: number;
    timeouts: number;
  }

  export interface Instance {
    /** Every response: its status, size in bytes and time in milliseconds. */
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
  }

  export default function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance;
}
