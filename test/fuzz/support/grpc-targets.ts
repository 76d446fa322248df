/**
 * Every gRPC method of tessera.v1, enumerated from the loaded package
 * definition (so a new method is fuzzed without touching the suite), and a
 * raw unary call that sends bytes as they are and waits at most a deadline.
 */
import * as grpc from '@grpc/grpc-js';
import type * as protoLoader from '@grpc/proto-loader';
import { tesseraPackageDefinition } from '@tessera/proto';

export interface GrpcMethod {
  /** "tessera.v1.Operator" */
  readonly service: string;
  /** "DrainAgent" */
  readonly name: string;
  /** "/tessera.v1.Operator/DrainAgent" */
  readonly path: string;
  /** Fully qualified request message, e.g. "tessera.v1.DrainAgentRequest". */
  readonly requestType: string;
  readonly requestSerialize: (value: object) => Buffer;
  /** Client, server or bidirectional streaming (not fuzzed by the unary properties). */
  readonly streaming: boolean;
}

/** Every method of every tessera.v1 service, in the definition's order. */
export function grpcMethods(definition: protoLoader.PackageDefinition = tesseraPackageDefinition()): GrpcMethod[] {
  const methods: GrpcMethod[] = [];
  for (const [service, entry] of Object.entries(definition)) {
    if ('format' in entry) continue; // a message or enum
    for (const [name, method] of Object.entries(entry as protoLoader.ServiceDefinition)) {
      const requestType = qualifiedMessageName(definition, method.requestType);
      methods.push({
        service,
        name,
        path: method.path,
        requestType,
        requestSerialize: method.requestSerialize as (value: object) => Buffer,
        streaming: method.requestStream || method.responseStream,
      });
    }
  }
  return methods;
}

function qualifiedMessageName(
  definition: protoLoader.PackageDefinition,
  type: protoLoader.MessageTypeDefinition<object, object>,
): string {
  // NOTE: the service's requestType is its own copy of the message definition: match by package and name.
  const simple = (type.type as { name: string }).name;
  for (const [name, entry] of Object.entries(definition))
    if ('format' in entry && name.split('.').pop() === simple && name.split('.').length === 3) return name;
  throw new Error(`request type ${simple} is not in the package definition`);
}

/** How a unary call ended: OK, a status, or no answer within the deadline. */
export type CallOutcome =
  | { readonly kind: 'ok'; readonly bytes: number; readonly ms: number }
  | { readonly kind: 'status'; readonly code: grpc.status; readonly details: string; readonly ms: number }
  | { readonly kind: 'hang'; readonly ms: number };

/** One channel per address, with the receive limit lifted on the client side (the server's limit is what is tested). */
export class RawGrpc {
  private readonly clients = new Map<string, grpc.Client>();

  client(address: string): grpc.Client {
    let client = this.clients.get(address);
    if (client === undefined) {
      client = new grpc.Client(address, grpc.credentials.createInsecure(), {
        'grpc.max_send_message_length': -1,
        'grpc.max_receive_message_length': -1,
      });
      this.clients.set(address, client);
    }
    return client;
  }

  /**
   * Sends `body` (already encoded) to `path` at `address` with a deadline of
   * `deadlineMs`. A call that runs into the deadline is a `hang`.
   */
  call(address: string, path: string, body: Buffer, deadlineMs: number): Promise<CallOutcome> {
    const started = performance.now();
    return new Promise((resolve) => {
      this.client(address).makeUnaryRequest<Buffer, Buffer>(
        path,
        (value) => value,
        (value) => value,
        body,
        new grpc.Metadata(),
        { deadline: Date.now() + deadlineMs },
        (error, response) => {
          const ms = performance.now() - started;
          if (error === null) return resolve({ kind: 'ok', bytes: response?.length ?? 0, ms });
          if (error.code === grpc.status.DEADLINE_EXCEEDED) return resolve({ kind: 'hang', ms });
          resolve({ kind: 'status', code: error.code, details: error.details, ms });
        },
      );
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

/** A status code's name ("INVALID_ARGUMENT"). */
export function statusName(code: grpc.status): string {
  return grpc.status[code] ?? String(code);
}
