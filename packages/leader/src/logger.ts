/** The subset of a pino logger that leader election uses. */
export interface LeaderLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
