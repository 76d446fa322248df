import { callLeader, operatorClient, type OperatorClient, type UnaryMethod } from '@tessera/client';

/**
 * One call to the Operator API of the leading master of `masters` (one
 * address, or several "a:5050,b:5050"): a follower's refusal is followed to
 * the leader it names, a master that cannot be reached is passed over (see
 * LeaderCalls). Rejects with the leader's own refusal, or with
 * LeaderUnreachableError when no master leads.
 */
export function operatorCall<Req, Res>(
  masters: string | readonly string[],
  method: (client: OperatorClient) => UnaryMethod<Req, Res>,
  request: Req,
): Promise<Res> {
  return callLeader(masters, operatorClient, method, request);
}
