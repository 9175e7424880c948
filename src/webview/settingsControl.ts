// The map's control panel: layer toggles, original or computed positions, the filters, and the
// legend of what is drawn. Changes are reported as whole settings objects; the map redraws from
// the tiles it holds and only refetches when the tile sets change.
import * as L from 'leaflet';
import { COVERAGE_COLORS, classColor } from '../shared/map/mapStyle';
import { mapSettingsSchema, type MapSettings } from '../shared/map/mapSettings';
import { el } from './element';

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

function swatch(color: string, shape: 'dot' | 'line' | 'diamond'): HTMLElement {
  const s = el('span', `mly-swatch mly-swatch-${shape}`);
  s.style.background = color;
  return s;
}

/** The control with layer toggles, computed positions, filters and the legend. */
export class SettingsControl extends L.Control {
  private settings: MapSettings;
  private readonly inputs: Record<string, HTMLInputElement | HTMLSelectElement> = {};
  private readonly legend = el('div', 'mly-legend');
  private readonly container = el('div', 'mly-settings leaflet-bar');

  constructor(
    initial: MapSettings,
    private readonly onChange: (settings: MapSettings) => void,
  ) {
    super({ position: 'topright' });
    this.settings = initial;
    this.build();
  }

  override onAdd(): HTMLElement {
    L.DomEvent.disableClickPropagation(this.container);
    L.DomEvent.disableScrollPropagation(this.container);
    return this.container;
  }

  private build(): void {
    const c = this.container;
    const toggle = el('button', 'mly-settings-toggle', 'Layers & filters');
    const body = el('div', 'mly-settings-body');
    toggle.addEventListener('click', () => body.classList.toggle('mly-collapsed'));
    const coverage = checkbox('coverage', 'Coverage (images, sequences)');
    const points = checkbox('points', 'Map features: points');
    const signs = checkbox('signs', 'Map features: traffic signs');
    const computed = checkbox('computed', 'Computed positions');
    const from = el('input');
    from.type = 'date';
    const to = el('input');
    to.type = 'date';
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
    creator.placeholder = 'creator id';
    creator.inputMode = 'numeric';
    Object.assign(this.inputs, {
      coverage: coverage.input,
      points: points.input,
      signs: signs.input,
      computed: computed.input,
      fromDate: from,
      toDate: to,
      pano,
      organizationId: org,
      creatorId: creator,
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
      field('creatorId', 'Creator', creator),
      el('h3', undefined, 'Legend'),
      this.legend,
    );
    c.append(toggle, body);
    for (const input of Object.values(this.inputs)) {
      input.addEventListener('change', () => this.read());
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
    i.creatorId!.value = s.filters.creatorId;
  }

  private read(): void {
    const i = this.inputs as Record<string, HTMLInputElement>;
    const candidate = {
      layers: { coverage: i.coverage!.checked, points: i.points!.checked, signs: i.signs!.checked },
      computed: i.computed!.checked,
      filters: {
        fromDate: i.fromDate!.value,
        toDate: i.toDate!.value,
        pano: (this.inputs.pano as HTMLSelectElement).value,
        organizationId: i.organizationId!.value.trim(),
        creatorId: i.creatorId!.value.trim(),
      },
    };
    const parsed = mapSettingsSchema.safeParse(candidate);
    for (const key of ['organizationId', 'creatorId', 'fromDate', 'toDate']) {
      const bad = !parsed.success && parsed.error.issues.some((x) => x.path.includes(key));
      this.inputs[key]?.classList.toggle('mly-invalid', bad);
    }
    if (!parsed.success) return;
    this.settings = parsed.data;
    this.onChange(this.settings);
  }

  /** Shows what is on the map: coverage kinds and the classes of the features held. */
  setLegend(featureClasses: Map<string, number>, highlighted: boolean, selected: number): void {
    const rows: HTMLElement[] = [];
    const row = (sw: HTMLElement, text: string): void => {
      const r = el('div', 'mly-legend-row');
      r.append(sw, el('span', undefined, text));
      rows.push(r);
    };
    if (this.settings.layers.coverage) {
      row(swatch(COVERAGE_COLORS.perspective, 'dot'), 'Perspective images and sequences');
      row(swatch(COVERAGE_COLORS.pano, 'dot'), 'Panoramas');
      if (highlighted) row(swatch(COVERAGE_COLORS.highlighted, 'line'), "Organization's sequences");
      if (selected) row(swatch(COVERAGE_COLORS.selected, 'dot'), `Selected (${selected})`);
    }
    const classes = [...featureClasses.entries()].sort((a, b) => b[1] - a[1]).slice(0, 24);
    for (const [name, count] of classes) {
      row(swatch(classColor(name), 'diamond'), `${name || 'unknown'} (${count})`);
    }
    if (rows.length === 0) rows.push(el('div', 'mly-legend-empty', 'Nothing shown'));
    this.legend.replaceChildren(...rows);
  }
}
