import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

/** One Node version: .nvmrc, package.json's engines, the Dockerfile and the README name the same one. */
describe('the Node version', () => {
  const nvmrc = read('.nvmrc').trim();
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;

  it('is one major version, with the lowest minor the dependencies accept', () => {
    expect(nvmrc).toMatch(/^\d+$/);
    expect(engines).toBe(`^${nvmrc}.19.0`);
  });

  it("is the Dockerfile images' and the README's", () => {
    const images = [...read('Dockerfile').matchAll(/^FROM node:(\S+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image.split(/[-.]/)[0]).toBe(nvmrc);
    expect(read('README.md')).toContain(`Node ${nvmrc}, ${nvmrc}.19 or later`);
  });
});
