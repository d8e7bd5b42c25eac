import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { HttpException } from '@nestjs/common';
import { toProblem } from './problem';

/** The status of what Node's HTTP parser refused: a URL and headers over its limit, a request too slow to arrive, or not HTTP. */
function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/** How long a refused client may go on sending before its connection is cut. */
const LINGER_MS = 2_000;

const DETAILS: Record<number, string> = {
  431: 'the request line and headers are larger than the server accepts (a long URL counts)',
  408: 'the request did not arrive in time',
  400: 'the request is not valid HTTP',
};

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses never reaches Fastify's routing or Nest, and Fastify's
 * default writes its own JSON. Here it is a problem like every other error, and the connection is closed (the parser
 * cannot continue on it). Closed gently: the answer is followed by a FIN and what the client still sends is read and
 * dropped until it closes (at most `LINGER_MS`). Destroying the socket at once, with the rest of a 60 kB URL still
 * unread, makes the kernel answer with a reset that can reach the client before it has read the 431.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) return;
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const status = statusOf(error.code);
  const body = JSON.stringify(toProblem(new HttpException(DETAILS[status], status)));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  const linger = setTimeout(() => socket.destroy(), LINGER_MS).unref();
  socket.once('close', () => clearTimeout(linger));
  socket.on('error', () => socket.destroy());
  socket.resume();
}
