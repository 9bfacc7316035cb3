// The extension is installed in the real extension host and activates cleanly.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'hiver-vscode.hiver-vscode';

describe('extension smoke', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('hiver.setApiKey'), 'hiver.setApiKey is not registered');
  });
});
