/**
 * The dump parser against real Go output (the fixtures, written by Go 1.19
 * programs) and against the header and frame forms newer Go versions and
 * GOTRACEBACK settings print, quoted in the tests below.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { DumpParser, parseDump, parseDumpChunks, splitCall, type Goroutine } from '../../src/explain/index.js';
import { dumpText, fixtureNames } from './fixtures.js';

describe('real Go dumps (fixtures)', () => {
  for (const name of fixtureNames) {
    for (const file of ['baseline.txt', 'hang.txt', 'later.txt']) {
      it(`${name}/${file}: every goroutine block parsed, every line placed`, () => {
        const text = dumpText(name, file);
        const headers = text.split('\n').filter((l) => l.startsWith('goroutine ')).length;
        const p = new DumpParser(() => undefined);
        for (const l of text.split('\n')) p.line(l);
        p.end();
        assert.equal(p.emitted, headers);
        assert.equal(p.skipped, 0);
        for (const g of parseDump(text)) {
          assert.ok(g.frames.length > 0, `goroutine ${g.id} has frames`);
          for (const f of g.frames) assert.match(`${f.file}:${f.line}`, /\.go:\d+$/);
        }
      });
    }
  }

  it('self-send/hang.txt: the loop goroutine, its inlined frames and its creator', () => {
    const g = parseDump(dumpText('self-send', 'hang.txt')).find((x) => x.frames.some((f) => f.func === 'main.(*server).run'));
    assert.ok(g !== undefined);
    assert.equal(g.state, 'chan send');
    assert.deepEqual(
      g.frames.map((f) => [f.func, /^0x[0-9a-f]+$/.test(f.args) ? 'address' : f.args, f.inlined]),
      [
        ['main.(*server).retry', '...', true],
        ['main.(*server).handle', '...', true],
        ['main.(*server).run', 'address', false],
      ],
    );
    assert.equal(g.createdBy?.func, 'main.main');
    assert.equal(g.createdBy?.file, './main.go');
    assert.equal(g.createdBy?.goroutine, null, 'Go 1.19 does not name the creating goroutine');
  });

  it('self-send/hang-debug1.txt: one record per distinct stack, counts summing to the total', () => {
    const text = dumpText('self-send', 'hang-debug1.txt');
    const records = parseDump(text);
    const total = Number(/^goroutine profile: total (\d+)/.exec(text)?.[1]);
    assert.equal(
      records.reduce((s, r) => s + r.count, 0),
      total,
    );
    assert.ok(records.every((r) => r.id === null && r.state === 'unknown'));
    const producers = records.find((r) => r.frames[0]?.func === 'main.producer');
    assert.equal(producers?.count, 12);
    assert.equal(producers?.frames[0]?.file, './main.go');
  });
});

describe('header and frame forms of other Go versions', () => {
  const one = (text: string): Goroutine => {
    const gs = parseDump(text);
    assert.equal(gs.length, 1);
    return gs[0] as Goroutine;
  };

  it('minutes, (scan), locked to thread, unknown items', () => {
    const g = one(
      'goroutine 42 [chan receive (scan), 17 minutes, locked to thread, synctest bubble 3]:\nmain.loop()\n\t/src/main.go:10 +0x1d\n',
    );
    assert.equal(g.id, 42);
    assert.equal(g.state, 'chan receive');
    assert.equal(g.scan, true);
    assert.equal(g.waitMs, 17 * 60_000);
    assert.equal(g.lockedToThread, true);
  });

  it('Go ≥ 1.21 created by … in goroutine N; Go 1.20 sync.Mutex.Lock', () => {
    const g = one(
      [
        'goroutine 9 [sync.Mutex.Lock, 2 minutes]:',
        'sync.runtime_SemacquireMutex(0xc0000a4f08?, 0x0?, 0x1?)',
        '\t/usr/lib/go/src/runtime/sema.go:77 +0x26',
        'sync.(*Mutex).lockSlow(0xc0000b6010)',
        '\t/usr/lib/go/src/sync/mutex.go:171 +0x165',
        'main.b()',
        '\t/src/main.go:30 +0x4a',
        'created by main.main in goroutine 1',
        '\t/src/main.go:50 +0x66',
        '',
      ].join('\n'),
    );
    assert.equal(g.state, 'sync.Mutex.Lock');
    assert.deepEqual(g.createdBy, { func: 'main.main', file: '/src/main.go', line: 50, goroutine: 1 });
    assert.equal(g.frames.length, 3);
  });

  it('generics, elided frames, GOTRACEBACK=crash headers and fp/sp/pc suffixes, CRLF', () => {
    const text = [
      'goroutine 7 gp=0xc000007180 m=nil [select]:',
      'main.Pool[...].run(0xc000012345, {0x4f1e20, 0xc000010000})',
      '\t/src/pool.go:88 +0x1a5 fp=0xc000045f80 sp=0xc000045ee0 pc=0x47a9a5',
      '...additional frames elided...',
      'created by main.New[...] in goroutine 1',
      '\t/src/pool.go:40 +0x9c',
      '',
    ].join('\r\n');
    const g = one(text);
    assert.equal(g.frames[0]?.func, 'main.Pool[...].run');
    assert.equal(g.frames[0]?.line, 88);
    assert.equal(g.framesElided, true);
    assert.equal(g.createdBy?.func, 'main.New[...]');
  });

  it('a panic message before the first goroutine and a cut tail are tolerated', () => {
    const text = 'panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:5 +0x1\n\ngoroutine 2 [chan send]:\nmain.f(';
    const p = new DumpParser(() => undefined);
    for (const l of text.split('\n')) p.line(l);
    p.end();
    assert.equal(p.emitted, 2);
    assert.equal(p.skipped, 2, 'the panic line and the cut call');
  });

  it('control characters from the target never survive into names (a terminal escape in a function name)', () => {
    const g = parseDump('goroutine 5 [chan send]:\nmain.evil\u001b[2J\u0007()\n\t/src/x\u009b.go:3 +0x1\n')[0];
    assert.equal(g?.frames[0]?.func, 'main.evil?[2J?');
    assert.equal(g?.frames[0]?.file, '/src/x?.go');
  });

  it('splitCall finds the argument list after receivers and generics', () => {
    assert.deepEqual(splitCall('net/http.(*conn).serve(0xc0001b2000, {0x6d8a40, 0xc00009c1e0})'), {
      func: 'net/http.(*conn).serve',
      args: '0xc0001b2000, {0x6d8a40, 0xc00009c1e0}',
    });
    assert.deepEqual(splitCall('main.Map[...](...)'), { func: 'main.Map[...]', args: '...' });
    assert.equal(splitCall('created by main.main'), null);
  });
});

describe('the embedded gateway task dump in the same model', () => {
  it('names the wait object from the innermost frame and reads the ms wait', () => {
    const g = parseDump(
      'goroutine 3 [chan send, 12034 ms]:\nruntime.chansend1(unregisterChan)\n\truntime/chan.go:0\nmsggateway.(*WsServer).Run.func1(Run loop)\n\tinternal/msggateway/n_ws_server.go:0\n',
    )[0];
    assert.equal(g?.waitingOn, 'unregisterChan');
    assert.equal(g?.waitMs, 12_034);
  });

  it('a Go address in the same frame is not a name', () => {
    const g = parseDump('goroutine 3 [chan send]:\nruntime.chansend1(0xc000010030, 0xc000045f58)\n\truntime/chan.go:145 +0x1d\n')[0];
    assert.equal(g?.waitingOn, null);
  });
});

describe('streaming', () => {
  it('chunks cut anywhere (even inside a UTF-8 character) give the same goroutines', async () => {
    const text = dumpText('healthy', 'hang.txt').replace('main.client', 'main.clïent');
    const whole = parseDump(text);
    const bytes = Buffer.from(text, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 997) chunks.push(bytes.subarray(i, i + 997));
    const streamed: Goroutine[] = [];
    await parseDumpChunks(Readable.from(chunks), (g) => streamed.push(g));
    assert.deepEqual(streamed, whole);
  });
});
