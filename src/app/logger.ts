import pino, { type Logger } from 'pino';

/** JSON log lines on stdout (or the given destination); every line of a request or stage carries its correlation id. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'pas' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination(1),
  );
}
