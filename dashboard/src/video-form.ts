import { ID } from 'appwrite';
import type { AppContext } from './app-context.js';
import { errorText } from './backend.js';
import { h, setText } from './element.js';
import { createVideo } from './row-writes.js';
import { runBatchQueue } from './batch-queue.js';
import { DEFAULT_IN_FLIGHT } from '../../shared/src/limits/in-flight.js';
import {
  aspectRatios,
  formTopics,
  priorities,
  priorityLabels,
  providerLabels,
  providers,
  qualities,
  qualityLabels,
  validateNewVideo,
  voiceLabels,
  voices,
  type NewVideoField,
} from './video-input.js';

const fields: readonly NewVideoField[] = ['topic', 'description', 'quality', 'aspect_ratio', 'provider', 'priority', 'voice', 'max_scenes'];

function field(name: NewVideoField, label: string, control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, hint?: string): HTMLDivElement {
  const id = `new-${name}`;
  control.id = id;
  control.name = name;
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
  );
}

function select(options: readonly string[], labels: Record<string, string> | null, selected: string): HTMLSelectElement {
  return h('select', {}, ...options.map((value) => h('option', { value, selected: value === selected }, labels?.[value] ?? value)));
}

/** The new-video form: checks input against the table's rules, then creates the row. */
export function videoForm(app: AppContext): HTMLElement {
  const status = h('p', { class: 'form-status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create video');
  const moreTopics = h('textarea', { id: 'new-more-topics', name: 'more_topics', rows: 4, 'aria-describedby': 'new-more-topics-hint' });
  const form = h(
    'form',
    { class: 'video-form', novalidate: true, 'aria-labelledby': 'new-video-heading' },
    h('h2', { id: 'new-video-heading' }, 'New video'),
    field('topic', 'Topic', h('input', { type: 'text', autocomplete: 'off', placeholder: "Newton's three laws" }), '3 to 200 characters.'),
    field('description', 'Description (optional)', h('textarea', { rows: 3, placeholder: 'Who is it for, what should it show?' }), 'Up to 2,000 characters.'),
    h(
      'div',
      { class: 'field-row' },
      field('quality', 'Quality', select(qualities, qualityLabels, 'preview')),
      field('aspect_ratio', 'Aspect ratio', select(aspectRatios, null, '16:9')),
    ),
    h(
      'details',
      { class: 'advanced' },
      h('summary', {}, 'More options'),
      h(
        'div',
        { class: 'field-row' },
        field('provider', 'Writer', select(providers, providerLabels, 'auto')),
        field('priority', 'Priority', select(priorities, priorityLabels, 'normal')),
        field('voice', 'Narrator', select(voices, voiceLabels, 'auto')),
        field('max_scenes', 'Most scenes', h('input', { type: 'number', min: '1', max: '12', step: '1', inputmode: 'numeric' }), 'Empty: the planner decides (1–12).'),
      ),
    ),
    h(
      'details',
      { class: 'batch' },
      h('summary', {}, 'Several topics at once'),
      h('div', { class: 'field' },
        h('label', { for: 'new-more-topics' }, 'More topics, one per line'),
        moreTopics,
        h('p', { class: 'hint', id: 'new-more-topics-hint' }, 'Each line becomes another video with the same options; together they make a batch, shown with its progress in the list.')),
    ),
    h('div', { class: 'form-actions' }, submit, status),
  );

  const control = (name: NewVideoField) => form.elements.namedItem(name) as HTMLInputElement;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const raw = Object.fromEntries(fields.map((name) => [name, control(name).value])) as Record<NewVideoField, string>;
    const result = validateNewVideo(raw);
    for (const name of fields) {
      const message = result.ok ? undefined : result.errors[name];
      const input = control(name);
      const error = form.querySelector<HTMLElement>(`#new-${name}-error`)!;
      setText(error, message ?? '');
      error.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    if (!result.ok) {
      const first = fields.find((name) => result.errors[name]);
      if (first === 'provider' || first === 'priority' || first === 'max_scenes') form.querySelector('details')!.open = true;
      if (first) control(first).focus();
      setText(status, 'Please fix the marked fields.');
      return;
    }
    const topics = formTopics(result.value.topic, moreTopics.value);
    if (!topics.ok) {
      setText(status, topics.message);
      moreTopics.focus();
      return;
    }
    submit.disabled = true;
    setText(status, 'Creating…');
    try {
      const batchId = topics.topics.length > 1 ? ID.unique() : null;
      const input = result.value;
      const userId = app.user.id;
      const batch = runBatchQueue(topics.topics, DEFAULT_IN_FLIGHT, {
        create: (topic) => createVideo(app.backend, app.live, userId, { ...input, topic }, batchId),
        statusOf: (id) => app.live.videos.get(id)?.status,
        onChange: (listener) => app.live.onChange(listener),
      });
      await batch.started;
      form.reset();
      const held = topics.topics.length > DEFAULT_IN_FLIGHT ? ` ${DEFAULT_IN_FLIGHT} start now, the rest as earlier ones finish (the limit of videos in progress).` : '';
      setText(status, batchId ? `${topics.topics.length} videos queued as a batch.${held} They appear in the list below.` : 'Video queued. It appears in the list below.');
      batch.created.catch((error: unknown) => setText(status, `Could not create the batch's next video: ${errorText(error)}`));
    } catch (error) {
      setText(status, `Could not create the video: ${errorText(error)}`);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
