/**
 * The machine refusing what a command needs, in words and with exit code 3 (`EnvironmentError`): an
 * address to listen on that is taken or not this machine's, a data directory another process holds or
 * that cannot be used.
 */
import { EnvironmentError, isSystemError } from './io.js';

/** A listening socket that could not be opened, as a person can act on it; undefined for anything else. */
export function listenError(error: unknown, at: { host: string; port: number; what: string }): EnvironmentError | undefined {
  if (!isSystemError(error)) return undefined;
  const address = `${at.host}:${at.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new EnvironmentError(`${at.what} cannot listen on ${address}: the port is in use by another program; choose another --port, or --port 0 for a free one`);
    case 'EACCES':
    case 'EPERM':
      return new EnvironmentError(`${at.what} cannot listen on ${address}: permission denied (ports below 1024 need privileges); choose another --port, or --port 0 for a free one`);
    case 'EADDRNOTAVAIL':
      return new EnvironmentError(`${at.what} cannot listen on ${address}: ${at.host} is not an address of this machine; give --host 127.0.0.1 or another local address`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EnvironmentError(`${at.what} cannot listen on ${address}: the host name ${at.host} does not resolve; give --host 127.0.0.1 or another local address`);
    default:
      return undefined;
  }
}

/** Errors of the file store (`StoreError`, told by name so that this module loads none of the server). */
interface StoreErrorLike {
  name: string;
  code: string;
  message: string;
}

function isStoreError(error: unknown): error is StoreErrorLike {
  return error instanceof Error && error.name === 'StoreError' && typeof (error as { code?: unknown }).code === 'string';
}

/** A data directory that cannot be opened: held by another process, corrupt, or refused by the file system. */
export function dataDirError(error: unknown, dir: string): EnvironmentError | undefined {
  if (isStoreError(error)) {
    switch (error.code) {
      case 'locked':
        return new EnvironmentError(`the data directory cannot be used: ${error.message}. Stop that server, or give another --data-dir`);
      case 'corrupt':
        return new EnvironmentError(`the data directory cannot be used: ${error.message}. Move it aside, or give another --data-dir`);
      case 'io':
        return new EnvironmentError(`the data directory cannot be used: ${error.message}`);
      default:
        return undefined;
    }
  }
  if (isSystemError(error)) {
    const reason =
      error.code === 'ENOTDIR' || error.code === 'EEXIST'
        ? 'a part of its path is a file, not a directory'
        : error.code === 'EACCES' || error.code === 'EPERM'
          ? 'permission denied'
          : error.code === 'EROFS'
            ? 'the file system is read-only'
            : error.code === 'ENOSPC'
              ? 'no space left on the device'
              : error.code;
    return new EnvironmentError(`--data-dir ${dir} cannot be used: ${reason}; give another --data-dir`);
  }
  return undefined;
}
