// A bare HTTP server on loopback whose every answer a property test scripts: random bodies
// and page sequences the simulator would never send. Not a test file itself.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status?: number;
  contentType?: string;
  body: string;
}

export interface ScriptedServer {
  url: string;
  /** Requests answered since the last `answer()` call. */
  requests: number;
  /** Sets how the following requests are answered (from the request's URL). */
  answer(respond: (url: URL) => ScriptedAnswer): void;
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  let respond: (url: URL) => ScriptedAnswer = () => ({ status: 404, body: '' });
  const server = http.createServer((req, res) => {
    scripted.requests++;
    const answer = respond(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const scripted: ScriptedServer = {
    url: `http://127.0.0.1:${port}/v1`,
    requests: 0,
    answer(next) {
      respond = next;
      scripted.requests = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return scripted;
}
