/**
 * Wraps a D1 binding to count the SQL statements sent through it (a batch counts each statement), so a
 * job can report its D1 cost. Only the methods the jobs use are counted; the rest pass through.
 */
export function countingD1(d1: D1Database): { d1: D1Database; count: () => number } {
  let statements = 0;
  const wrapStatement = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(stmt, {
      get(target, prop, receiver) {
        if (prop === 'bind') return (...args: unknown[]) => wrapStatement(target.bind(...args));
        if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') {
          const fn = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
          return (...args: unknown[]) => {
            statements++;
            return fn.apply(target, args);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    originals.set(wrapped, stmt);
    return wrapped;
  };
  const proxy = new Proxy(d1, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return (query: string) => wrapStatement(target.prepare(query));
      if (prop === 'batch') {
        return (stmts: D1PreparedStatement[]) => {
          statements += stmts.length;
          // The proxies must be unwrapped: D1's batch checks for its own statement objects.
          return target.batch(stmts.map(unwrap));
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { d1: proxy, count: () => statements };
}

const originals = new WeakMap<object, D1PreparedStatement>();
function unwrap(stmt: D1PreparedStatement): D1PreparedStatement {
  return originals.get(stmt) ?? stmt;
}
