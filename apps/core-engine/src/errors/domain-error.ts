/**
 * A failure the client can act on. Each subclass has a stable errorCode (part of the API:
 * never renamed) and an HTTP status; one exception filter turns it into the envelope
 * {"success":false,"errorCode","message"} (docs/errors.md lists every code).
 */
export abstract class DomainError extends Error {
  abstract readonly errorCode: string;
  abstract readonly httpStatus: number;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
