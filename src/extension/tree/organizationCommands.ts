// The commands on the Explorer's organizations: add one by id (checked against the API first) and
// remove one. The list is saved after each change.
import { GraphError } from '../../shared/api/graphError';
import { type ExplorerCommand, onNode, textArgument } from './explorerCommand';
import { idProblem } from '../../shared/ids';

/** Adds an organization by id (the argument, else asked); returns its id once added. */
export const addOrganization: ExplorerCommand = async (context, { args }) => {
  const { model, ui } = context;
  const id = textArgument(args)?.trim() ?? (await ui.prompts.organizationId());
  if (!id) return undefined;
  const problem = idProblem('organization', id);
  if (problem) {
    ui.error(`Mapillary: ${problem}`);
    return undefined;
  }
  const org = await ui.inView('Checking the organization…', async () => {
    const api = await context.api();
    try {
      return await api.getOrganization(id);
    } catch (error) {
      if (
        error instanceof GraphError &&
        (error.kind === 'not-found' || error.kind === 'bad-request')
      ) {
        throw new Error(`No organization with id ${id} (or you may not see it).`, {
          cause: error,
        });
      }
      throw error;
    }
  });
  // An id that names another kind of object comes back without an organization's fields.
  if (!org.name && !org.slug) {
    throw new Error(`${id} is not an organization's id.`);
  }
  const node = model.addOrganization({
    id: org.id,
    name: org.name,
    slug: org.slug,
    description: org.description,
  });
  await context.saveOrganizations();
  await context.reveal(node, { expand: false });
  return org.id;
};

/** Removes the organization the command was run on. */
export const removeOrganization: ExplorerCommand = onNode(async (context, node) => {
  if (node.kind !== 'organization') return undefined;
  context.model.removeOrganization(node.organization.id);
  await context.saveOrganizations();
  return undefined;
});
