// Executions in a long-lived process, as Appwrite's open-runtimes Node server runs them: load
// the entrypoint once (ES module `export default` or CommonJS `module.exports`), call it per
// request with a fresh context `{ req, res, log, error }`, and send back the response and that
// request's logs over IPC. One execution at a time; the parent kills the process on a timeout.
// Plain JavaScript on purpose: it starts with bare `node`, no TypeScript loader.
// The process may be started ahead of time (a spare); the execution's environment and
// working directory arrive with each message, before the user code is imported.
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';

const format = (value) => (typeof value === 'string' ? value : value instanceof Error ? value.stack ?? String(value) : inspect(value, { depth: 4 }));
/** Between executions the process waits outside any function's folder. */
const IDLE_DIR = process.cwd();

let queue = Promise.resolve();
process.on('message', (message) => {
  if (message?.type !== 'execute') return;
  queue = queue.then(() => execute(message));
});

// Messages that arrive before a listener exists are lost; the parent waits for this.
process.send({ type: 'ready' });

async function execute(message) {
  const logs = [];
  const errors = [];
  const output = await run(message, logs, errors).catch((err) => {
    errors.push(format(err));
    return text('', 500, {});
  });
  // Output after the answer (work left running) belongs to no execution.
  quiet();
  try {
    process.chdir(IDLE_DIR);
  } catch {
    // gone: the next execution changes directory anyway
  }
  await new Promise((sent) =>
    process.send({ type: 'result', id: message.id, statusCode: output.statusCode, headers: output.headers, body: Buffer.from(output.body).toString('base64'), logs: logs.join('\n'), errors: errors.join('\n') }, sent),
  );
}

function quiet() {
  for (const name of ['log', 'info', 'debug', 'warn', 'error']) console[name] = () => {};
}

function text(body, statusCode = 200, headers = {}) {
  return { body: Buffer.from(body, 'utf8'), statusCode, headers };
}

async function run({ entrypoint, request, env, cwd }, logs, errors) {
  if (env) {
    for (const name of Object.keys(process.env)) delete process.env[name];
    Object.assign(process.env, env);
  }
  if (cwd) process.chdir(cwd);
  const bodyBinary = Buffer.from(request.body ?? '', 'base64');
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const contentType = (headers['content-type'] ?? 'text/plain').toLowerCase();
  const scheme = request.scheme ?? 'http';
  const defaultPort = scheme === 'https' ? '443' : '80';
  const hostHeader = headers.host ?? 'localhost';
  const [host, portText] = hostHeader.includes(':') ? hostHeader.split(':') : [hostHeader, defaultPort];
  const port = Number(portText);
  const [path, queryString = ''] = (request.path || '/').split(/\?(.*)/s);
  const query = {};
  for (const param of queryString.split('&')) {
    const [key, ...rest] = param.split('=');
    if (key) query[key] = rest.join('=');
  }
  const url = `${scheme}://${host}${String(port) === defaultPort ? '' : `:${port}`}${path}${queryString ? `?${queryString}` : ''}`;

  const context = {
    req: {
      get body() {
        if (contentType.startsWith('application/json')) return bodyBinary.length > 0 ? this.bodyJson : {};
        for (const type of ['application/', 'audio/', 'font/', 'image/', 'video/']) if (contentType.startsWith(type)) return bodyBinary;
        return this.bodyText;
      },
      get bodyRaw() {
        return this.bodyText;
      },
      get bodyText() {
        return bodyBinary.toString();
      },
      get bodyJson() {
        return JSON.parse(bodyBinary.toString());
      },
      get bodyBinary() {
        return bodyBinary;
      },
      headers,
      method: request.method ?? 'POST',
      host,
      scheme,
      query,
      queryString,
      port,
      url,
      path,
    },
    res: {
      send(body, statusCode = 200, h = {}) {
        return this.text(`${body}`, statusCode, h);
      },
      text(body, statusCode = 200, h = {}) {
        return this.binary(Buffer.from(body, 'utf8'), statusCode, h);
      },
      binary(bytes, statusCode = 200, h = {}) {
        return { body: bytes, statusCode, headers: h };
      },
      json(obj, statusCode = 200, h = {}) {
        h['content-type'] = 'application/json';
        return this.text(JSON.stringify(obj), statusCode, h);
      },
      empty() {
        return this.text('', 204, {});
      },
      redirect(location, statusCode = 301, h = {}) {
        h.location = location;
        return this.text('', statusCode, h);
      },
    },
    log: (m) => logs.push(format(m)),
    error: (m) => errors.push(format(m)),
  };

  // Native console output lands in the execution's logs, as on Appwrite.
  for (const name of ['log', 'info', 'debug', 'warn']) console[name] = (...args) => logs.push(args.map(format).join(' '));
  console.error = (...args) => errors.push(args.map(format).join(' '));

  let output;
  try {
    const mod = await import(pathToFileURL(entrypoint).href);
    // ESM: `export default fn`. CJS: `module.exports = fn` arrives as `default`; a CJS
    // bundle of ESM source (`exports.default = fn`) arrives as `default.default`.
    let fn = mod.default ?? mod;
    if (typeof fn !== 'function' && fn && typeof fn.default === 'function') fn = fn.default;
    if (typeof fn !== 'function') throw new Error('User function is not valid.');
    output = await fn(context);
  } catch (err) {
    if (err && (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND')) context.error('Could not load code file.');
    context.error(err);
    output = text('', 500, {});
  }
  if (output === null || output === undefined) {
    context.error('Return statement missing. return context.res.empty() if no response is expected.');
    output = text('', 500, {});
  }
  return { body: output.body ?? '', statusCode: output.statusCode ?? 200, headers: output.headers ?? {} };
}
