// package.json's user-facing strings live in package.nls.json (VS Code localises the manifest
// from it): every %key% must resolve, every string must be used, and no user-facing field may
// hold plain text.
import assert from 'node:assert/strict';
import fs from 'node:fs';

const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const strings: Record<string, string> = JSON.parse(fs.readFileSync('package.nls.json', 'utf8'));

/** Every [path, value] of the user-facing fields in the manifest. */
function userFacing(): [string, unknown][] {
  const c = manifest.contributes;
  const out: [string, unknown][] = [['displayName', manifest.displayName], ['description', manifest.description]];
  for (const container of c.viewsContainers.activitybar) out.push([`viewsContainer ${container.id}`, container.title]);
  for (const views of Object.values(c.views) as { id: string; name: string; contextualTitle?: string }[][]) {
    for (const view of views) out.push([`view ${view.id}`, view.name], [`view ${view.id} contextualTitle`, view.contextualTitle]);
  }
  for (const welcome of c.viewsWelcome) out.push([`viewsWelcome ${welcome.view}`, welcome.contents]);
  for (const provider of c.authentication) out.push([`authentication ${provider.id}`, provider.label]);
  for (const command of c.commands) out.push([`command ${command.command}`, command.title], [`command ${command.command} category`, command.category]);
  out.push(['configuration title', c.configuration.title]);
  for (const [name, property] of Object.entries(c.configuration.properties) as [string, { description?: string; markdownDescription?: string }][]) {
    out.push([`setting ${name}`, property.markdownDescription ?? property.description]);
  }
  return out.filter(([, value]) => value !== undefined);
}

describe('package.json strings (package.nls.json)', () => {
  it('every user-facing field is a %key% that package.nls.json defines', () => {
    for (const [where, value] of userFacing()) {
      const key = /^%(.+)%$/.exec(String(value))?.[1];
      assert.ok(key, `${where} holds plain text: ${String(value)}`);
      assert.equal(typeof strings[key], 'string', `${where}: %${key}% is not in package.nls.json`);
    }
  });

  it('every string in package.nls.json is used', () => {
    const text = fs.readFileSync('package.json', 'utf8');
    const unused = Object.keys(strings).filter((key) => !text.includes(`"%${key}%"`));
    assert.deepEqual(unused, []);
  });
});

describe('package.json icon', () => {
  it('is a PNG of at least 128 × 128 pixels, as the Marketplace and vsce require', () => {
    assert.match(manifest.icon, /^media\/[^/]+\.png$/, 'the icon must be a PNG under media/ (.vscodeignore ships media/**/*.png; vsce refuses SVG)');
    const png = fs.readFileSync(manifest.icon);
    assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${manifest.icon} is not a PNG`);
    // The first chunk is IHDR: width and height are its first two 4-byte fields.
    assert.equal(png.toString('latin1', 12, 16), 'IHDR');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.ok(width >= 128 && width === height, `${manifest.icon} is ${width} × ${height}`);
  });
});
