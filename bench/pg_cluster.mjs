// pg_cluster.mjs — the bench's throwaway PostgreSQL, the same the API tests start
// (tests/api/lib/pg_cluster.mjs: its own cluster in a temporary folder, loopback only, fsync off).
// `node bench/pg_cluster.mjs start` prints "URL DIR"; `node bench/pg_cluster.mjs stop DIR` stops
// and removes it.
import { startPgCluster, stopPgClusterAt } from '../tests/api/lib/pg_cluster.mjs';

const [cmd, dir] = process.argv.slice(2);
if (cmd === 'start') {
  const c = await startPgCluster();
  console.log(`${c.url} ${c.dir}`);
} else if (cmd === 'stop' && dir) {
  stopPgClusterAt(dir);
} else {
  console.error('usage: node bench/pg_cluster.mjs start | stop DIR');
  process.exit(2);
}
