// Writes each language-model tool's `inputSchema` in package.json from its zod schema
// (src/shared/lmTools/toolInputs.ts), so the schema the model sees and the one the tool enforces are
// the same. Run after changing a schema: `npx tsx scripts/writeToolSchemas.ts && npx prettier
// --write package.json`. A unit test fails when the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { toolInputJsonSchema } from '../src/shared/lmTools/toolInputs';
import { TOOL_NAMES, type ToolName } from '../src/shared/lmTools/toolNames';

const file = path.resolve(import.meta.dirname, '..', 'package.json');
const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
  contributes: { languageModelTools: { name: string; inputSchema: unknown }[] };
};
for (const tool of manifest.contributes.languageModelTools) {
  if (!TOOL_NAMES.includes(tool.name as ToolName)) throw new Error(`unknown tool ${tool.name}`);
  tool.inputSchema = toolInputJsonSchema(tool.name as ToolName);
}
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote the input schemas of ${manifest.contributes.languageModelTools.length} tools`);
