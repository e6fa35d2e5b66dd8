import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { buildApp, type WanganApp } from '../../app.js';
import { testConfig } from '../../../test/helpers.js';

describe('the console is served precompressed', () => {
  let app: WanganApp;
  let dist: string;
  const script = `export const text = ${JSON.stringify('控制台 console '.repeat(500))};\n`;

  before(async () => {
    // A build as web/vite.config.ts leaves it: each asset with its .br and .gz beside it.
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>wangan</title>');
    const asset = path.join(dist, 'assets', 'app-abc123.js');
    fs.writeFileSync(asset, script);
    fs.writeFileSync(`${asset}.br`, zlib.brotliCompressSync(script));
    fs.writeFileSync(`${asset}.gz`, zlib.gzipSync(script));
    fs.writeFileSync(path.join(dist, 'assets', 'font-abc123.woff2'), Buffer.alloc(64, 7));
    app = await buildApp({ config: testConfig({ webDist: dist }), jobs: false });
  });
  after(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) =>
    app.http.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('sends the .br file to a browser that accepts brotli, the .gz one to one that accepts only gzip', async () => {
    const br = await get('/assets/app-abc123.js', 'gzip, deflate, br');
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers['content-type']), /javascript/);
    assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), script);
    assert.match(String(br.headers['cache-control']), /immutable/);

    const gz = await get('/assets/app-abc123.js', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(zlib.gunzipSync(gz.rawPayload).toString(), script);
  });

  it('sends the file as it is when nothing is accepted, and a file without compressed copies as it is', async () => {
    const plain = await get('/assets/app-abc123.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, script);
    const font = await get('/assets/font-abc123.woff2', 'br, gzip');
    assert.equal(font.statusCode, 200);
    assert.equal(font.headers['content-encoding'], undefined);
    assert.equal(font.rawPayload.length, 64);
  });
});
