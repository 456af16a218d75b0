import type { Client, ClientConfig } from './index';

/** A running `ydrz sandbox` process (a local imitation of the platform) for tests and demos. */
export class Sandbox {
  /** Starts the sandbox; `binary` defaults to the package's own ydrz executable (bundledExecutable()). */
  static start(binary?: string | null, options?: { options?: string[]; log?: 'ignore' | 'inherit' }): Promise<Sandbox>;
  readonly info: Record<string, unknown>;
  readonly baseUrl: string;
  readonly controlUrl: string;
  readonly demo: Record<string, any>;
  readonly clientConfig: ClientConfig;
  stop(): Promise<void>;
  control(path: string, body?: Record<string, unknown>): Promise<any>;
  token(product: string, phone: string, extra?: Record<string, unknown>): Promise<{ token: string; userInformation: string; expires_in_ms: number }>;
  stats(token: string): Promise<{ requests: number; total_requests: number }>;
  client(overrides?: Partial<ClientConfig>): Client;
}

/** The ydrz executable the package carries for this platform; throws when there is none. */
export function bundledExecutable(): string;
