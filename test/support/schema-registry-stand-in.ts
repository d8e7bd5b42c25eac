import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Version {
  id: number;
  version: number;
}

/** An HTTP failure in the registry's own error shape (`{error_code, message}`). */
class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A small in-memory stand-in for Confluent Schema Registry: the REST endpoints the ingestor and
 * `@kafkajs/confluent-schema-registry` call, with the documented bodies and error codes. No real registry installs
 * here (it is a JVM service); this one speaks enough of the API for tests and the demo to encode and decode.
 */
export class SchemaRegistryStandIn {
  /** Every request as `METHOD /path`, to see what the clients asked for. */
  readonly requests: string[] = [];
  /** While set, every request gets 503, as a registry that is overloaded or restarting would answer. */
  unavailable = false;
  private readonly schemas: string[] = [];
  private readonly subjects = new Map<string, Version[]>();
  private readonly compatibility = new Map<string, string>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SchemaRegistryStandIn> {
    const server = createServer();
    const registry = new SchemaRegistryStandIn(server);
    server.on('request', (request, response) => void registry.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return registry;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://registry').pathname;
    this.requests.push(`${request.method} ${path}`);
    try {
      if (this.unavailable) throw new RegistryError(503, 50301, 'Service unavailable');
      const body = request.method === 'POST' || request.method === 'PUT' ? await jsonBody(request) : undefined;
      reply(response, 200, this.route(request.method ?? 'GET', path, body));
    } catch (error) {
      const failure = error instanceof RegistryError ? error : new RegistryError(500, 50001, (error as Error).message);
      reply(response, failure.status, { error_code: failure.code, message: failure.message });
    }
  }

  private route(method: string, path: string, body: Record<string, unknown> | undefined): unknown {
    const match = (pattern: RegExp) => pattern.exec(`${method} ${path}`)?.slice(1).map(decodeURIComponent);
    let params: string[] | undefined;
    if (match(/^GET \/subjects$/)) return [...this.subjects.keys()];
    if ((params = match(/^GET \/schemas\/ids\/(\d+)$/))) return { schema: this.schemaById(Number(params[0])) };
    if ((params = match(/^POST \/subjects\/([^/]+)\/versions$/))) return { id: this.register(params[0], String(body?.schema)) };
    if ((params = match(/^POST \/subjects\/([^/]+)$/))) return this.lookUp(params[0], String(body?.schema));
    if ((params = match(/^GET \/subjects\/([^/]+)\/versions\/([^/]+)$/))) return this.versionOf(params[0], params[1]);
    if ((params = match(/^GET \/config\/([^/]+)$/))) {
      const level = this.compatibility.get(params[0]);
      if (level === undefined) throw new RegistryError(404, 40408, `Subject '${params[0]}' does not have subject-level compatibility configured`);
      return { compatibilityLevel: level };
    }
    if ((params = match(/^PUT \/config\/([^/]+)$/))) {
      this.compatibility.set(params[0], String(body?.compatibility));
      return { compatibility: body?.compatibility };
    }
    throw new RegistryError(404, 404, 'HTTP 404 Not Found');
  }

  private schemaById(id: number): string {
    const schema = this.schemas[id - 1];
    if (schema === undefined) throw new RegistryError(404, 40403, `Schema ${id} not found`);
    return schema;
  }

  /** The same schema text under any subject keeps its id, as in the real registry. */
  private register(subject: string, schema: string): number {
    const id = this.schemas.includes(schema) ? this.schemas.indexOf(schema) + 1 : this.schemas.push(schema);
    const versions = this.subjects.get(subject) ?? [];
    if (!versions.some((entry) => entry.id === id)) versions.push({ id, version: versions.length + 1 });
    this.subjects.set(subject, versions);
    return id;
  }

  private lookUp(subject: string, schema: string): unknown {
    const entry = this.subjects.get(subject)?.find(({ id }) => this.schemas[id - 1] === schema);
    if (!entry) throw new RegistryError(404, 40403, 'Schema not found');
    return { subject, ...entry, schema };
  }

  private versionOf(subject: string, version: string): unknown {
    const versions = this.subjects.get(subject);
    if (!versions) throw new RegistryError(404, 40401, `Subject '${subject}' not found.`);
    const entry = version === 'latest' ? versions.at(-1) : versions.find((candidate) => candidate.version === Number(version));
    if (!entry) throw new RegistryError(404, 40402, `Version ${version} not found.`);
    return { subject, ...entry, schema: this.schemas[entry.id - 1] };
  }
}

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString() || '{}');
  } catch {
    throw new RegistryError(422, 42201, 'Invalid JSON body');
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
  response.end(JSON.stringify(body));
}
