// Runs an Argo CD health script with the real Lua 5.1 interpreter, the way Argo CD's gopher-lua does:
// the object as the global `obj`, only the base and table libraries, the script's `return hs` read back.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Lua 5.1 interpreter: the same language version as gopher-lua. */
export const LUA = '/usr/bin/lua5.1';

/** Throws a message that says how to install Lua when the interpreter is missing. */
export function requireLua(): void {
  if (!existsSync(LUA)) {
    throw new Error(`${LUA} is missing: install it with \`apt-get install -y lua5.1\` (CI: .ci/run does)`);
  }
}

/** A JSON-like value as a Lua table constructor; null becomes nil, as Argo CD converts it. */
export function toLuaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot express ${value} in Lua`);
    return String(value);
  }
  if (typeof value === 'string') return luaString(value);
  if (Array.isArray(value)) return `{${value.map(toLuaLiteral).join(', ')}}`;
  if (typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `[${luaString(k)}] = ${toLuaLiteral(v)}`);
    return `{${fields.join(', ')}}`;
  }
  throw new Error(`cannot express a ${typeof value} in Lua`);
}

// Decimal escapes for every byte outside printable ASCII keep the literal valid in Lua 5.1, which has
// no \x or \u escapes.
function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (byte >= 0x20 && byte < 0x7f) out += char;
    else out += `\\${byte}`;
  }
  return `${out}"`;
}

/** What a health script returned. */
export interface HealthStatus {
  status: string;
  message: string;
}

const SEPARATOR = '\u0001';

/** Runs `scriptPath` on `object` in a sandbox like Argo CD's and returns its hs.status and hs.message. */
export function runHealthScript(scriptPath: string, object: unknown): Promise<HealthStatus> {
  const harness = `
local chunk = assert(loadfile(${luaString(scriptPath)}))
local sandbox = { obj = ${toLuaLiteral(object)}, ipairs = ipairs, pairs = pairs, next = next,
  tostring = tostring, tonumber = tonumber, type = type, error = error, pcall = pcall, table = table }
setfenv(chunk, sandbox)
local hs = chunk()
io.write(tostring(hs.status), "${SEPARATOR}", tostring(hs.message))
`;
  return new Promise((resolve, reject) => {
    execFile(LUA, ['-e', harness], (error, stdout, stderr) => {
      if (error) return reject(new Error(`lua failed: ${stderr || error.message}`));
      const [status = '', message = ''] = stdout.split(SEPARATOR);
      resolve({ status, message });
    });
  });
}
