import { callLeader, operatorClient, type OperatorClient, type UnaryMethod } from '@tessera/client';
import { connection } from './connection.js';

/**
 * One call to the Operator API of the leading master of `masters` (one
 * address, or several "a:5050,b:5050"): a follower's refusal is followed to
 * the leader it names, a master that cannot be reached is passed over (see
 * LeaderCalls). Rejects with the leader's own refusal, or with
 * LeaderUnreachableError when no master leads. With the CLI's TLS and token (see connection.ts).
 */
export function operatorCall<Req, Res>(
  masters: string | readonly string[],
  method: (client: OperatorClient) => UnaryMethod<Req, Res>,
  request: Req,
): Promise<Res> {
  return callLeader(masters, (address) => operatorClient(address, connection()), method, request);
}
