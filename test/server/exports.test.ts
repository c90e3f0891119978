// Result downloads: CSV and JSON, behind the instructor token, live and after the end and a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { csvCell } from '../../server/http/csv.js';
import { createSession, join } from '../support/server.js';

/** RFC 4180, enough for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

/**
 * How a spreadsheet with another list separator reads the file (Excel in de or fr: ';'): quotes
 * count only at the start of a field; everything else, commas included, is text.
 */
function splitAsSemicolonLocale(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') (field += '"'), i++;
        else if (line[i] === '"') break;
        else field += line[i];
      }
      i++;
    }
    while (i < line.length && line[i] !== ';') field += line[i++];
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}

describe('CSV cells', () => {
  it('quote every text cell, so a separator of another locale stays inside it', () => {
    expect(csvCell('a;=1+1')).toBe('"a;=1+1"');
    expect(csvCell('Ann')).toBe('"Ann"');
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('Zoë "Z" Ng')).toBe('"Zoë ""Z"" Ng"');
    expect([csvCell(-2.58), csvCell(true), csvCell(null), csvCell(Number.NaN)]).toEqual(['-2.58', 'true', '', '']);
  });
});

describe('results export', () => {
  it('keeps a name with a semicolon in one quoted cell, which a semicolon-separated reading cannot split into a formula', async () => {
    const server = await startServer(testConfig());
    const created = await createSession(server.url, { questions: { derivatives: ['w3'], next: true } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const name = 'a;=1+1';
    const student = await join(server.url, { code: created.code, role: 'student', name });
    expect(student.you.name).toBe(name);
    await instructor.send('round:open', {});
    await student.send('answer:submit', { next: { w3: 0.3342 } });
    await instructor.send('round:reveal', {});

    const res = await fetch(`${server.url}/api/sessions/${created.code}/results.csv`, { headers: { authorization: `Bearer ${created.instructorToken}` } });
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, '');
    const [, ...data] = text.split('\r\n').filter(Boolean);
    expect(data.length).toBeGreaterThan(0);
    for (const line of data) {
      expect(line.startsWith('"a;=1+1",')).toBe(true);
      expect(parseCsv(`${line}\r\n`)[0]![0]).toBe(name);
      for (const field of splitAsSemicolonLocale(line)) expect(field).not.toMatch(/^[=+\-@]/);
    }
    for (const p of [instructor, student]) p.close();
    await server.close();
  });


  it('gives one row per student, round and field, neutralises formulas, and needs the token', async () => {
    const dbPath = joinPath(mkdtempSync(joinPath(tmpdir(), 'bpl-export-')), 'e.db');
    let server = await startServer(testConfig({ dbPath }));
    const created = await createSession(server.url, { questions: { derivatives: ['w3'], next: true } });
    const instructor = await join(server.url, { code: created.code, role: 'instructor', token: created.instructorToken });
    const names = ['=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@cmd', 'Zoë "Z" Ng'];
    const students = [];
    for (const name of names) students.push(await join(server.url, { code: created.code, role: 'student', name }));
    await instructor.send('round:open', {});
    await students[0]!.send('answer:submit', { derivatives: { w3: -2.58 }, next: { w3: 0.3342, w4: 0.6174, b3: -0.019 } });
    await students[4]!.send('answer:submit', { next: { w3: 0.3858 } });
    await instructor.send('round:reveal', {});
    await instructor.send('round:advance', {});
    await instructor.send('round:reveal', {});

    const url = `${server.url}/api/sessions/${created.code}/results`;
    const auth = { authorization: `Bearer ${created.instructorToken}` };
    expect((await fetch(`${url}.csv`)).status).toBe(401);
    expect((await fetch(`${url}.csv`, { headers: { authorization: 'Bearer wrong-token-here' } })).status).toBe(401);
    const other = await createSession(server.url);
    expect((await fetch(`${url}.csv`, { headers: { authorization: `Bearer ${other.instructorToken}` } })).status).toBe(401);

    const res = await fetch(`${url}.csv`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="backprop-live-.*\.csv"/);
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
    const [header, ...data] = rows;
    expect(header).toEqual(['name', 'studentId', 'removed', 'round', 'iteration', 'quantity', 'param', 'point', 'answer', 'exact', 'correct', 'credit', 'mistake', 'points']);
    // 5 students x 2 rounds x 4 fields (dSSR/dw3, new w3, w4, b3)
    expect(data).toHaveLength(5 * 2 * 4);
    const shownNames = [...new Set(data.map((r) => r[0]))];
    expect(shownNames).toEqual(["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+SUM(1,2)", "'-2+3", "'@cmd", 'Zoë "Z" Ng']);
    const first = data.filter((r) => r[0] === shownNames[0] && r[3] === '1');
    // No data point for a parameter's derivative or new value: `point` (column 7) is empty.
    expect(first.map((r) => [r[5], r[6], r[7], r[8], r[10], r[12], r[13]])).toEqual([
      ['derivatives', 'w3', '', '-2.58', 'false', 'sign-flipped', '0'],
      ['next', 'w3', '', '0.3342', 'true', '', '100'],
      ['next', 'w4', '', '0.6174', 'true', '', '100'],
      ['next', 'b3', '', '-0.019', 'true', '', '100'],
    ]);
    expect(Number(first[1]![9])).toBeCloseTo(0.3342, 4);
    const zoe = data.find((r) => r[0] === 'Zoë "Z" Ng' && r[3] === '1' && r[5] === 'next' && r[6] === 'w3')!;
    expect([zoe[8], zoe[12]]).toEqual(['0.3858', 'step-added']);

    const json = await (await fetch(`${url}.json`, { headers: auth })).json();
    expect(json.rows).toHaveLength(40);
    expect(json.students.map((s: { name: string }) => s.name)).toEqual(names);
    expect(json.rows[0]).toMatchObject({ name: names[0], round: 1, iteration: 0, quantity: 'derivatives', param: 'w3', answer: -2.58, correct: false, mistake: 'sign-flipped', points: 0 });

    // After the session ends, and after a restart, the same file serves the same results.
    await instructor.send('session:end', {});
    for (const p of [instructor, ...students]) p.close();
    await server.close();
    server = await startServer(testConfig({ dbPath }));
    const again = await (await fetch(`${server.url}/api/sessions/${created.code}/results.json`, { headers: auth })).json();
    expect(again.rows).toEqual(json.rows);
    expect(again.session.phase).toBe('finished');
    await server.close();
  });
});
