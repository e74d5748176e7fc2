import type { Plan, PlannedScene, ScenePlan, SceneLimits } from '../../domain/plan.js';
import { clauses, keywords, shorten } from './text-shaping.js';

/**
 * The offline planner: a deterministic storyboard from the topic and description.
 * Each scene's `layout` starts with its kind (`title-card`, `bullets`, `diagram`,
 * `summary`), which the offline code writer reads back.
 */
export type SceneKind = 'title-card' | 'bullets' | 'diagram' | 'summary';

const BULLETS_PER_SCENE = 3;

export function offlinePlan(input: { topic: string; description: string; limits: SceneLimits }): Plan {
  const topic = input.topic.trim();
  const said = clauses(input.description);
  const points = said.map((c) => shorten(c, 110));
  const facts = points.length >= 2 ? points : [...points, ...genericPoints(topic)].slice(0, Math.max(3, points.length));
  // What the narrator says: the description's own clauses in full, not their on-screen cut.
  const spoken = said.length >= 2 ? said : [...said, ...genericPoints(topic)].slice(0, Math.max(3, said.length));
  const groupsSaid: string[][] = [];
  for (let i = 0; i < spoken.length; i += BULLETS_PER_SCENE) groupsSaid.push(spoken.slice(i, i + BULLETS_PER_SCENE));
  const groups: string[][] = [];
  for (let i = 0; i < facts.length; i += BULLETS_PER_SCENE) groups.push(facts.slice(i, i + BULLETS_PER_SCENE));

  const terms = keywords(`${topic} ${input.description}`, 3);
  const title: PlannedScene = {
    title: shorten(topic, 120),
    goal: `Introduce ${shorten(topic, 200)}`,
    visuals: [`Title: ${shorten(topic, 150)}`, `Subtitle: ${shorten(points[0] ?? 'An animated explainer', 150)}`, 'An underline drawn beneath the title'],
    layout: 'title-card: centered title, subtitle below',
    duration_seconds: 5,
    narration: speak([`This is a short explainer about ${shorten(topic, 150)}`, said[0] ? `We start with this: ${said[0]}` : `Let us see what it is and why it matters`]),
  };
  const bullets: PlannedScene[] = groups.map((g, i) => ({
    title: groups.length > 1 ? `Key ideas (${i + 1}/${groups.length})` : 'Key ideas',
    goal: shorten(g.join('; '), 500),
    visuals: g.map((b) => `Bullet: ${shorten(b, 190)}`),
    layout: 'bullets: title at the top, bullets appear one by one',
    duration_seconds: Math.min(10, 3 + g.length * 2),
    narration: speak([i === 0 ? 'Here are the key ideas' : 'And there is more', ...(groupsSaid[i] ?? g)]),
  }));
  const diagram: PlannedScene = {
    title: 'The picture',
    goal: `Connect ${terms.join(', ') || 'the ideas'} and show how a quantity changes`,
    visuals: [...terms.map((t) => `Box: ${shorten(t, 40)}`), 'Arrows linking the boxes in order', 'Axes with a plotted curve and its formula'],
    layout: 'diagram: boxes and arrows, then axes with a plotted function',
    duration_seconds: 9,
    narration: speak([
      terms.length >= 2 ? `Picture ${listed(terms)} as steps that lead into each other` : 'Picture the ideas as steps that lead into each other',
      'Each arrow carries one idea on to the next',
      'And a curve shows how a quantity can change, smoothly, from one moment to the next',
    ]),
  };
  const summary: PlannedScene = {
    title: 'Summary',
    goal: `Recap ${shorten(topic, 200)}`,
    visuals: [...facts.slice(0, 3).map((f) => `Recap: ${shorten(f, 60)}`), `Closing line: ${shorten(topic, 150)}`],
    layout: 'summary: recap list, then the topic again',
    duration_seconds: 7,
    narration: speak([`To sum up: ${listed(facts.slice(0, 3).map((f) => shorten(f, 60).replace(/…$/u, '')))}`, `That is ${shorten(topic, 150)}, in brief`]),
  };

  // Fill the scene budget in order of value: title and summary, bullet scenes, then the diagram.
  const budget = input.limits.max;
  const middleSlots = Math.max(0, budget - 2);
  const middle: PlannedScene[] = [];
  if (middleSlots >= 1) {
    middle.push(...bullets.slice(0, middleSlots >= 2 ? middleSlots - 1 : 1));
    if (middle.length < middleSlots) middle.push(diagram);
  }
  const scenes = budget === 1 ? [title] : [title, ...middle, summary];
  return { title: shorten(topic, 200), scenes };
}

/** Sentences as a narrator says them: capitalised, each ending in a full stop. */
function speak(sentences: string[]): string {
  return sentences
    .map((s) => s.trim().replace(/[\s,;:]+$/u, ''))
    .filter(Boolean)
    .map((s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?…]$/u.test(s) ? '' : '.'}`)
    .join(' ')
    .slice(0, 1900);
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function genericPoints(topic: string): string[] {
  const t = shorten(topic, 60);
  return [`What ${t} is`, `Why ${t} matters`, `How ${t} works, step by step`];
}

export function sceneKind(scene: ScenePlan, sceneNumber: number, sceneCount: number): SceneKind {
  const layout = (scene.layout ?? '').toLowerCase();
  for (const kind of ['title-card', 'bullets', 'diagram', 'summary'] as const) if (layout.startsWith(kind)) return kind;
  if (sceneNumber === 1) return 'title-card';
  if (sceneNumber === sceneCount && sceneCount > 1) return 'summary';
  const text = `${scene.title} ${scene.visuals.join(' ')}`.toLowerCase();
  if (/\b(graph|axes|axis|plot|curve|diagram|arrow|flow|chart)\b/.test(text)) return 'diagram';
  return 'bullets';
}

/** The visual's text without its `Kind:` prefix. */
export function visualText(visual: string): string {
  return visual.replace(/^(title|subtitle|bullet|box|recap|closing line)\s*:\s*/i, '').trim();
}
