// The tools' input validation (the host does not apply the declared schema) and the manifest: the
// JSON Schema package.json declares for each tool is the one generated from the zod schema the tool
// enforces, and every tool is contributed with what the host and the model need.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseToolInput, toolInputJsonSchema } from '../../../src/shared/lmTools/toolInputs';
import { TOOL_NAMES } from '../../../src/shared/lmTools/toolNames';
import { repoRoot } from '../../support/fixtures';

interface ToolContribution {
  name: string;
  displayName?: string;
  modelDescription?: string;
  canBeReferencedInPrompt?: boolean;
  toolReferenceName?: string;
  tags?: string[];
  inputSchema?: unknown;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { languageModelTools: ToolContribution[] };
};
const AREA = { bbox: [12.99, 55.59, 13.02, 55.61] };

function problem(name: (typeof TOOL_NAMES)[number], input: unknown): string {
  const parsed = parseToolInput(name, input);
  assert.ok(!parsed.ok, `expected ${JSON.stringify(input)} to be refused`);
  return parsed.message;
}

describe('language-model tool inputs', () => {
  it('contributes exactly the registered tools, each with a schema equal to the enforced one', () => {
    const tools = manifest.contributes.languageModelTools;
    assert.deepEqual(
      tools.map((t) => t.name),
      [...TOOL_NAMES],
    );
    for (const tool of tools) {
      assert.deepEqual(
        tool.inputSchema,
        toolInputJsonSchema(tool.name as (typeof TOOL_NAMES)[number]),
        `${tool.name}: run scripts/writeToolSchemas.ts`,
      );
      assert.ok(
        (tool.modelDescription ?? '').length > 200,
        `${tool.name} explains itself to the model`,
      );
      assert.ok(tool.displayName && tool.toolReferenceName && tool.canBeReferencedInPrompt);
      assert.ok(tool.tags?.includes('mapillary'));
    }
  });

  it('accepts a good search and fills in the defaults', () => {
    const parsed = parseToolInput('mapillary_searchImages', {
      area: AREA,
      startDate: '2023-01-01',
      isPano: true,
    });
    assert.ok(parsed.ok);
    assert.equal(parsed.value.limit, 20);
  });

  it('refuses bad areas, dates, limits and unknown fields with messages that say what to fix', () => {
    assert.match(
      problem('mapillary_searchImages', { area: { bbox: [13, 55, 12, 56] } }),
      /area\.bbox: bbox min must be below max/,
    );
    assert.match(
      problem('mapillary_searchImages', { area: { bbox: [1, 2, 3] } }),
      /area\.bbox: Too small/,
    );
    assert.match(
      problem('mapillary_searchImages', { area: AREA, startDate: '2023-02-30' }),
      /startDate: not a real date/,
    );
    assert.match(
      problem('mapillary_searchImages', {
        area: AREA,
        startDate: '2024-01-01',
        endDate: '2023-01-01',
      }),
      /endDate: endDate is before startDate/,
    );
    assert.match(problem('mapillary_searchImages', { area: AREA, limit: 1000 }), /limit: Too big/);
    assert.match(
      problem('mapillary_searchImages', { area: AREA, polygon: [] }),
      /Unrecognized key: "polygon"/,
    );
    assert.match(
      problem('mapillary_searchImages', 'stop signs'),
      /^invalid input for mapillary_searchImages: input: .*call the tool again\.$/,
    );
  });

  it('takes image ids only as strings of digits', () => {
    assert.ok(parseToolInput('mapillary_imageDetails', { imageIds: ['135511895288847'] }).ok);
    assert.match(
      problem('mapillary_imageDetails', { imageIds: [135511895288847] }),
      /imageIds\.0: Invalid input: expected string/,
    );
    assert.match(
      problem('mapillary_imageDetails', { imageIds: ['12a'] }),
      /a Mapillary image id is a string of digits/,
    );
    assert.match(problem('mapillary_imageDetails', { imageIds: [] }), /imageIds: Too small/);
  });

  it('needs an owner for sequences, and valid values for map features', () => {
    assert.match(
      problem('mapillary_sequencesInArea', { area: AREA }),
      /give organizationId or creatorId/,
    );
    assert.ok(parseToolInput('mapillary_sequencesInArea', { area: AREA, creatorId: '102' }).ok);
    assert.ok(
      parseToolInput('mapillary_mapFeaturesInArea', { area: AREA, values: ['regulatory--stop--*'] })
        .ok,
    );
    assert.match(
      problem('mapillary_mapFeaturesInArea', { area: AREA, values: ['a b'] }),
      /values\.0: an object value/,
    );
  });

  it('needs exactly one of imageIds and search for an export, and a safe file name', () => {
    assert.ok(
      parseToolInput('mapillary_exportImages', { imageIds: ['135511895288847'], format: 'csv' }).ok,
    );
    assert.ok(
      parseToolInput('mapillary_exportImages', { search: { area: AREA }, format: 'geojson' }).ok,
    );
    assert.match(
      problem('mapillary_exportImages', { format: 'csv' }),
      /give exactly one of imageIds or search/,
    );
    assert.match(
      problem('mapillary_exportImages', { imageIds: ['1'], search: { area: AREA }, format: 'csv' }),
      /give exactly one of imageIds or search/,
    );
    assert.match(
      problem('mapillary_exportImages', { imageIds: ['1'], format: 'shp' }),
      /format: Invalid option/,
    );
    assert.ok(parseToolInput('mapillary_exportImages', { imageIds: ['1'], format: 'gpkg' }).ok);
    assert.match(
      problem('mapillary_exportImages', { imageIds: ['1'], format: 'coco' }),
      /format: coco is a format of detections/,
    );
    assert.match(
      problem('mapillary_exportImages', { imageIds: ['1'], content: 'detections', format: 'csv' }),
      /format: detections are written as geojson, coco or gpkg/,
    );
    assert.match(
      problem('mapillary_exportImages', { imageIds: ['1'], content: 'downloads', format: 'csv' }),
      /format: downloads are JPEG files: leave format out/,
    );
    assert.match(
      problem('mapillary_exportImages', {
        imageIds: Array.from({ length: 1001 }, (_, i) => String(i + 1)),
        content: 'downloads',
      }),
      /imageIds: at most 1000 pictures are downloaded per call/,
    );
    assert.match(
      problem('mapillary_exportImages', {
        imageIds: ['1'],
        content: 'detections',
        columns: ['lon'],
      }),
      /columns: columns apply to metadata only/,
    );
    assert.match(
      problem('mapillary_exportImages', { imageIds: ['1'], size: '256' }),
      /size: size applies to downloads only/,
    );
    for (const fileName of ['../x', 'a/b', '.hidden', 'x.csv', '']) {
      assert.match(
        problem('mapillary_exportImages', { imageIds: ['1'], format: 'csv', fileName }),
        /fileName: /,
        fileName,
      );
    }
  });
});
