// Main-process owner of the user's libsession config wrappers.
// The renderer asks for profile and contact data over IPC; wrapper dumps are
// persisted under the app's userData directory between runs.
'use strict';

const path = require('node:path');
const fs = require('node:fs/promises');
const { app, ipcMain } = require('electron');
// expect: libsession/nodejs-import, libsession/nodejs-config-wrappers
const {
  UserConfigWrapperNode,
  ContactsConfigWrapperNode: ContactsWrapper,
  UserGroupsWrapperNode,
  ConvoInfoVolatileWrapperNode,
} = require('libsession_util_nodejs');

const WRAPPER_NAMES = ['UserConfig', 'ContactsConfig', 'UserGroupsConfig', 'ConvoInfoVolatileConfig'];

function dumpDir() {
  return path.join(app.getPath('userData'), 'config-dumps');
}

async function readDump(name) {
  try {
    return new Uint8Array(await fs.readFile(path.join(dumpDir(), `${name}.bin`)));
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  }
}

class ConfigStore {
  constructor(ed25519SecretKey) {
    this.secretKey = ed25519SecretKey;
    this.wrappers = new Map();
  }

  async load() {
    const dumps = {};
    for (const name of WRAPPER_NAMES) {
      dumps[name] = await readDump(name);
    }
    // expect: libsession/nodejs-config-wrappers
    this.wrappers.set('UserConfig', new UserConfigWrapperNode(this.secretKey, dumps.UserConfig));
    // expect: libsession/nodejs-config-wrappers
    this.wrappers.set('ContactsConfig', new ContactsWrapper(this.secretKey, dumps.ContactsConfig));
    this.wrappers.set(
      'UserGroupsConfig',
      // expect: libsession/nodejs-config-wrappers
      new UserGroupsWrapperNode(this.secretKey, dumps.UserGroupsConfig),
    );
    this.wrappers.set(
      'ConvoInfoVolatileConfig',
      // expect: libsession/nodejs-config-wrappers
      new ConvoInfoVolatileWrapperNode(this.secretKey, dumps.ConvoInfoVolatileConfig),
    );
  }

  async persist() {
    await fs.mkdir(dumpDir(), { recursive: true });
    for (const [name, wrapper] of this.wrappers) {
      if (wrapper.needsDump()) {
        await fs.writeFile(path.join(dumpDir(), `${name}.bin`), wrapper.dump());
      }
    }
  }

  registerIpc() {
    ipcMain.handle('config:get-display-name', () => this.wrappers.get('UserConfig').getName());
    ipcMain.handle('config:set-display-name', async (_event, name) => {
      this.wrappers.get('UserConfig').setName(name);
      await this.persist();
    });
    ipcMain.handle('config:contacts', () => this.wrappers.get('ContactsConfig').getAll());
  }
}

module.exports = { ConfigStore };
