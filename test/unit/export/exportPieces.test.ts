import { strict as assert } from 'node:assert';
import { csvLine, parseCsvLine } from '../../../src/core/export/csv';
import { isCompleteImage } from '../../../src/core/export/downloadJob';
import { parseIdInput } from '../../../src/core/export/idInput';
import { columnValue, fieldsForColumns } from '../../../src/core/export/metadataColumns';

describe('export building blocks', () => {
  it('writes and reads CSV cells, quoting only when needed', () => {
    const cells = ['123', 'a,b', 'say "hi"', '', 'line\nbreak'];
    assert.equal(csvLine(['1', 2, true, undefined]), '1,2,true,');
    assert.equal(csvLine([{ type: 'Point' }]), '"{""type"":""Point""}"');
    assert.deepEqual(parseCsvLine(csvLine(cells.slice(0, 4))), cells.slice(0, 4));
  });

  it('reads ids from plain lists and from CSVs with a header, reporting what it leaves out', () => {
    const plain = parseIdInput('\uFEFF# comment\n1\n\n2\r\n1\nabc\n', 'image');
    assert.deepEqual(plain.ids, ['1', '2']);
    assert.deepEqual(plain.skipped, [
      { id: '1', reason: 'duplicate' },
      { id: 'abc', reason: 'malformed id' },
    ]);
    const csv = parseIdInput('seq_id,img_id\nsA,10\nsB,"11"\n', 'image');
    assert.deepEqual(csv.ids, ['10', '11']);
    assert.equal(csv.sequenceOf.get('11'), 'sB');
    const sequences = parseIdInput(
      'org_id,seq_id,captured_at\n7,key_1,2020\n7,key 2,2021\n',
      'sequence',
    );
    assert.deepEqual(sequences.ids, ['key_1']);
    assert.deepEqual(sequences.skipped, [{ id: 'key 2', reason: 'malformed id' }]);
    // A 20-digit id is fine (ids are strings, never numbers); 21 digits cannot be one.
    assert.deepEqual(parseIdInput('12345678901234567890\n123456789012345678901\n', 'image').ids, [
      '12345678901234567890',
    ]);
  });

  it('maps metadata columns to the fields they need and reads their values', () => {
    assert.deepEqual(fieldsForColumns(['seq_id', 'img_id', 'lon', 'lat', 'creator.username']), [
      'id',
      'sequence',
      'geometry',
      'creator.username',
    ]);
    // The image field organization answers {id} unless a nested field is asked for by name.
    assert.deepEqual(fieldsForColumns(['img_id', 'organization', 'organization.name']), [
      'id',
      'organization',
      'organization.name',
    ]);
    assert.throws(() => fieldsForColumns(['organization.na me']), /Unknown metadata field/);
    assert.throws(() => fieldsForColumns(['img_id', 'colour']), /Unknown metadata field colour/);
    assert.throws(() => fieldsForColumns(['width', 'width']), /listed twice/);
    const entity = {
      id: '5',
      sequence: 's',
      geometry: { type: 'Point', coordinates: [13, 55] },
      creator: { username: 'u' },
    };
    assert.equal(columnValue(entity, 'img_id'), '5');
    assert.equal(columnValue(entity, 'lat'), 55);
    assert.equal(columnValue(entity, 'creator.username'), 'u');
    const withOrg = { id: '6', organization: { id: '42', name: 'City of Malmö' } };
    assert.equal(columnValue(withOrg, 'organization.name'), 'City of Malmö');
    assert.deepEqual(columnValue(withOrg, 'organization'), { id: '42', name: 'City of Malmö' });
    assert.equal(columnValue(entity, 'width'), undefined);
  });

  it('tells a whole JPEG from a cut one', () => {
    assert.ok(isCompleteImage(Uint8Array.from([0xff, 0xd8, 0x00, 0xff, 0xd9])));
    assert.ok(!isCompleteImage(Uint8Array.from([0xff, 0xd8, 0x00, 0x00, 0xff])));
    assert.ok(!isCompleteImage(new TextEncoder().encode('<html></html>')));
  });
});
