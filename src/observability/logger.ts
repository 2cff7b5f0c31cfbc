import type { Logger } from 'winston';
import { createLogger as createWinstonLogger, format, transports } from 'winston';
import type { Writable } from 'node:stream';
import { redactFormat } from './redact.js';

/** The resource a log line is about; every line a controller writes carries these fields. */
export interface LogContext {
  controller?: string;
  namespace?: string;
  name?: string;
  tenant?: string;
}

/** Options for a logger: the level and, for tests, the stream lines go to (stdout otherwise). */
export interface LoggerOptions {
  level?: string;
  stream?: Writable;
}

/** Creates a JSON logger whose every entry is redacted of secrets and bearer tokens. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return createWinstonLogger({
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    format: format.combine(format.errors({ stack: true }), format.timestamp(), redactFormat(), format.json()),
    transports: [
      options.stream
        ? new transports.Stream({ stream: options.stream })
        : new transports.Console({ stderrLevels: [] }),
    ],
  });
}

/** The operator's root logger. */
export const logger: Logger = createLogger();

/** A child of `parent` (the root logger by default) that adds the resource and tenant to every line. */
export function loggerFor(context: LogContext, parent: Logger = logger): Logger {
  const fields = Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
  return parent.child(fields);
}
