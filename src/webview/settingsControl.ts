// The map's control panel: layer toggles, original or computed positions, the filters, and the
// legend of what is drawn (with its value toggles). Changes are reported as whole settings objects;
// the map redraws from the tiles it holds and only refetches when the tile sets change. The creator
// filter takes a username or an id; a username is resolved to the id the tiles carry, once.
import * as L from 'leaflet';
import { mapSettingsSchema, usernameSchema, type MapSettings } from '../shared/map/mapSettings';
import { el } from './element';
import type { LegendCoverage } from './legendView';
import { LegendView } from './legendView';
import type { SpriteSheet } from './spriteSheet';

/** Resolves a username to the creator id the tiles carry; rejects with what to do. */
export type CreatorResolver = (username: string) => Promise<{ id: string; username: string }>;

function checkbox(name: string, label: string): { row: HTMLElement; input: HTMLInputElement } {
  const row = el('label', 'mly-row');
  const input = el('input');
  input.type = 'checkbox';
  input.name = name;
  row.append(input, el('span', undefined, label));
  return { row, input };
}

function field(
  name: string,
  label: string,
  input: HTMLInputElement | HTMLSelectElement,
): HTMLElement {
  const row = el('label', 'mly-row mly-field');
  input.name = name;
  row.append(el('span', undefined, label), input);
  return row;
}

/** The control with layer toggles, computed positions, filters and the legend. */
export class SettingsControl extends L.Control {
  private settings: MapSettings;
  private readonly inputs: Record<string, HTMLInputElement | HTMLSelectElement> = {};
  private readonly legend: LegendView;
  private readonly container = el('div', 'mly-settings leaflet-bar');
  private readonly creatorNote = el('div', 'mly-field-note');
  /** Counts creator lookups, so that an older answer does not overwrite a newer choice. */
  private creatorAsk = 0;

  constructor(
    initial: MapSettings,
    sprites: SpriteSheet,
    private readonly resolveCreator: CreatorResolver,
    private readonly onChange: (settings: MapSettings) => void,
  ) {
    super({ position: 'topright' });
    this.settings = initial;
    this.legend = new LegendView(sprites, (change) =>
      this.commit({ ...this.settings, filters: { ...this.settings.filters, ...change } }),
    );
    this.build();
  }

  override onAdd(): HTMLElement {
    L.DomEvent.disableClickPropagation(this.container);
    L.DomEvent.disableScrollPropagation(this.container);
    return this.container;
  }

  private build(): void {
    const toggle = el('button', 'mly-settings-toggle', 'Layers & filters');
    const body = el('div', 'mly-settings-body');
    toggle.addEventListener('click', () => body.classList.toggle('mly-collapsed'));
    const coverage = checkbox('coverage', 'Coverage (images, sequences)');
    const points = checkbox('points', 'Map features: points');
    const signs = checkbox('signs', 'Map features: traffic signs');
    const computed = checkbox('computed', 'Computed positions');
    const from = el('input');
    from.type = 'date';
    from.title = 'Images captured, and map features seen, on or after this day';
    const to = el('input');
    to.type = 'date';
    to.title = 'Images captured, and map features seen, on or before this day';
    const pano = el('select');
    for (const [value, label] of [
      ['all', 'All images'],
      ['pano', 'Panoramas only'],
      ['perspective', 'Perspective only'],
    ]) {
      const option = el('option', undefined, label);
      option.value = value ?? '';
      pano.append(option);
    }
    const org = el('input');
    org.placeholder = 'organization id';
    org.inputMode = 'numeric';
    const creator = el('input');
    creator.placeholder = 'username or id';
    creator.title = "A creator's Mapillary username (or user id)";
    Object.assign(this.inputs, {
      coverage: coverage.input,
      points: points.input,
      signs: signs.input,
      computed: computed.input,
      fromDate: from,
      toDate: to,
      pano,
      organizationId: org,
      creator,
    });
    body.append(
      el('h3', undefined, 'Layers'),
      coverage.row,
      points.row,
      signs.row,
      computed.row,
      el('h3', undefined, 'Filters'),
      field('fromDate', 'From', from),
      field('toDate', 'To', to),
      field('pano', 'Kind', pano),
      field('organizationId', 'Organization', org),
      field('creator', 'Creator', creator),
      this.creatorNote,
      el('h3', undefined, 'Legend'),
      this.legend.root,
    );
    this.container.append(toggle, body);
    for (const [name, input] of Object.entries(this.inputs)) {
      input.addEventListener('change', () =>
        name === 'creator' ? void this.readCreator() : this.read(),
      );
    }
    this.write();
  }

  /** Shows settings that came from elsewhere (the host's saved ones). */
  set(settings: MapSettings): void {
    this.settings = settings;
    this.write();
  }

  private write(): void {
    const s = this.settings;
    const i = this.inputs as Record<string, HTMLInputElement>;
    i.coverage!.checked = s.layers.coverage;
    i.points!.checked = s.layers.points;
    i.signs!.checked = s.layers.signs;
    i.computed!.checked = s.computed;
    i.fromDate!.value = s.filters.fromDate;
    i.toDate!.value = s.filters.toDate;
    (this.inputs.pano as HTMLSelectElement).value = s.filters.pano;
    i.organizationId!.value = s.filters.organizationId;
    i.creator!.value = s.filters.creatorName || s.filters.creatorId;
    this.legend.set(s);
  }

  private read(): void {
    const i = this.inputs as Record<string, HTMLInputElement>;
    this.commit({
      layers: { coverage: i.coverage!.checked, points: i.points!.checked, signs: i.signs!.checked },
      computed: i.computed!.checked,
      filters: {
        ...this.settings.filters,
        fromDate: i.fromDate!.value,
        toDate: i.toDate!.value,
        pano: (this.inputs.pano as HTMLSelectElement).value as MapSettings['filters']['pano'],
        organizationId: i.organizationId!.value.trim(),
      },
    });
  }

  // A number is a creator id; anything else is a username, resolved through the host first.
  private async readCreator(): Promise<void> {
    const input = this.inputs.creator as HTMLInputElement;
    const text = input.value.trim();
    const ask = ++this.creatorAsk;
    const set = (creatorId: string, creatorName: string): void =>
      this.commit({
        ...this.settings,
        filters: { ...this.settings.filters, creatorId, creatorName },
      });
    this.note('');
    if (text === '' || /^\d+$/.test(text)) {
      set(text, '');
      return;
    }
    if (!usernameSchema.safeParse(text).success) {
      input.classList.add('mly-invalid');
      this.note('A username has letters, digits, "_", "." or "-" only.');
      return;
    }
    if (text === this.settings.filters.creatorName) return;
    input.classList.remove('mly-invalid');
    this.note(`Looking up ${text}…`);
    try {
      const found = await this.resolveCreator(text);
      if (ask !== this.creatorAsk) return;
      this.note('');
      set(found.id, found.username);
    } catch (error) {
      if (ask !== this.creatorAsk) return;
      input.classList.add('mly-invalid');
      this.note(error instanceof Error ? error.message : String(error));
    }
  }

  private note(text: string): void {
    this.creatorNote.textContent = text;
    this.creatorNote.hidden = text === '';
  }

  private commit(candidate: unknown): void {
    const parsed = mapSettingsSchema.safeParse(candidate);
    for (const key of ['organizationId', 'creator', 'fromDate', 'toDate', 'values']) {
      const bad =
        !parsed.success &&
        parsed.error.issues.some((x) =>
          x.path.some((p) => p === key || (key === 'creator' && p === 'creatorId')),
        );
      this.inputs[key]?.classList.toggle('mly-invalid', bad);
    }
    if (!parsed.success) return;
    this.settings = parsed.data;
    this.legend.set(this.settings);
    this.onChange(this.settings);
  }

  /** Shows what is on the map: coverage kinds and the values of the features held. */
  setLegend(values: Map<string, number>, coverage: Omit<LegendCoverage, 'coverage'>): void {
    this.legend.render(values, { ...coverage, coverage: this.settings.layers.coverage });
  }
}
