/**
 * The metrics port: Prometheus text on every path (as promhttp, §8), plus
 * `/stats` (JSON) and the task dump at `/debug/tasks` and at pprof's path
 * `/debug/pprof/goroutine?debug=1|2`, so a tool that reads a Go target's
 * goroutine dump reads this gateway's the same way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatTaskProfile, type TaskRegistry } from './csp/index.js';
import { prometheusText, type GatewayStats } from './stats.js';

export function metricsHandler(stats: () => GatewayStats, tasks: TaskRegistry): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://metrics');
    const text = (body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(200, { 'content-type': type }).end(body);
    };
    if (url.pathname === '/stats' || url.pathname === '/stats.json') {
      text(JSON.stringify(stats()), 'application/json');
    } else if (url.pathname === '/debug/tasks.json') {
      text(JSON.stringify({ tasks: tasks.list(), summary: tasks.summary() }), 'application/json');
    } else if (url.pathname === '/debug/tasks' || url.pathname === '/debug/pprof/goroutine') {
      if (url.searchParams.get('debug') === '1') {
        text(formatTaskProfile(tasks.list()));
      } else {
        text(tasks.dumpText());
      }
    } else {
      text(prometheusText(stats()), 'text/plain; version=0.0.4; charset=utf-8');
    }
  };
}
