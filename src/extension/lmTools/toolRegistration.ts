// Registers the language-model tools at activation without loading the code behind them: each
// registered tool forwards to the handlers in features.js, loaded the first time a tool is prepared
// or invoked. The tool objects are returned so the extension's API can hand them to its tests.
import * as vscode from 'vscode';
import { TOOL_NAMES, type ToolName } from '../../shared/lmTools/toolNames';

/** What the loaded feature does for a tool. */
export interface ToolHandlers {
  invoke(
    name: ToolName,
    input: unknown,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult>;
  prepare(
    name: ToolName,
    input: unknown,
    token: vscode.CancellationToken,
  ): Promise<vscode.PreparedToolInvocation | undefined>;
}

/** The registered tool objects, by name. */
export type RegisteredTools = Readonly<Record<ToolName, vscode.LanguageModelTool<unknown>>>;

/** Registers every tool of {@link TOOL_NAMES}; `load` gives the handlers on first use. */
export function registerLanguageModelTools(
  context: vscode.ExtensionContext,
  load: () => Promise<ToolHandlers>,
): RegisteredTools {
  const tools = {} as Record<ToolName, vscode.LanguageModelTool<unknown>>;
  for (const name of TOOL_NAMES) {
    const tool: vscode.LanguageModelTool<unknown> = {
      invoke: async (options, token) => (await load()).invoke(name, options.input, token),
      prepareInvocation: async (options, token) =>
        (await load()).prepare(name, options.input, token),
    };
    tools[name] = tool;
    context.subscriptions.push(vscode.lm.registerTool(name, tool));
  }
  return tools;
}
