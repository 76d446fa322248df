/** A unary gRPC call made the callback way (grpc-js clients), as tests start it. */
export type UnaryStart<Res, E> = (callback: (error: E | null, response?: Res) => void) => void;

/** The answer of a unary call; rejects with the call's error. */
export function unaryAnswer<Res, E = Error>(start: UnaryStart<Res, E>): Promise<Res> {
  return new Promise((resolve, reject) =>
    start((error, response) => (error !== null ? reject(error as unknown as Error) : resolve(response as Res))),
  );
}

/** The error a unary call ends with; rejects when the call succeeds. */
export function unaryRefusal<E, Res = unknown>(start: UnaryStart<Res, E>): Promise<E> {
  return new Promise((resolve, reject) =>
    start((error) => (error !== null ? resolve(error) : reject(new Error('the call succeeded')))),
  );
}
