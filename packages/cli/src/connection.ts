import type { ClientOptions } from '@tessera/client';
import { loadTls, type TlsConfig } from '@tessera/runtime';

/**
 * Who the CLI is to the services it calls: the global `--tls-cert`, `--tls-key`,
 * `--tls-ca` (env TESSERA_TLS_*) and `--token` (env TESSERA_TOKEN), read once
 * before a command runs (`configureConnection`) and used by every gRPC client
 * the command makes (`connection()`) and, for the token, its REST calls.
 */
let current: ClientOptions = {};

export interface ConnectionFlags extends TlsConfig {
  readonly token?: string | undefined;
}

/**
 * Reads the TLS files (throws ConfigError naming every problem, as the services
 * do) and keeps the settings for `connection()`. Called by the preAction hook;
 * tests call it directly.
 */
export function configureConnection(flags: ConnectionFlags): void {
  const tls = loadTls(flags, 'tessera');
  const token = flags.token === undefined || flags.token === '' ? undefined : flags.token;
  current = { ...(tls === undefined ? {} : { tls }), ...(token === undefined ? {} : { token }) };
}

/** The client options of every gRPC client the CLI makes: plaintext and anonymous unless configured. */
export function connection(): ClientOptions {
  return current;
}
