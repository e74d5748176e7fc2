import type { Plan, ScenePlan, SceneLimits } from '../../domain/plan.js';
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
  const points = clauses(input.description).map((c) => shorten(c, 110));
  const facts = points.length >= 2 ? points : [...points, ...genericPoints(topic)].slice(0, Math.max(3, points.length));
  const groups: string[][] = [];
  for (let i = 0; i < facts.length; i += BULLETS_PER_SCENE) groups.push(facts.slice(i, i + BULLETS_PER_SCENE));

  const terms = keywords(`${topic} ${input.description}`, 3);
  const title: ScenePlan = {
    title: shorten(topic, 120),
    goal: `Introduce ${shorten(topic, 200)}`,
    visuals: [`Title: ${shorten(topic, 150)}`, `Subtitle: ${shorten(points[0] ?? 'An animated explainer', 150)}`, 'An underline drawn beneath the title'],
    layout: 'title-card: centered title, subtitle below',
    duration_seconds: 5,
  };
  const bullets: ScenePlan[] = groups.map((g, i) => ({
    title: groups.length > 1 ? `Key ideas (${i + 1}/${groups.length})` : 'Key ideas',
    goal: shorten(g.join('; '), 500),
    visuals: g.map((b) => `Bullet: ${shorten(b, 190)}`),
    layout: 'bullets: title at the top, bullets appear one by one',
    duration_seconds: Math.min(10, 3 + g.length * 2),
  }));
  const diagram: ScenePlan = {
    title: 'The picture',
    goal: `Connect ${terms.join(', ') || 'the ideas'} and show how a quantity changes`,
    visuals: [...terms.map((t) => `Box: ${shorten(t, 40)}`), 'Arrows linking the boxes in order', 'Axes with a plotted curve and its formula'],
    layout: 'diagram: boxes and arrows, then axes with a plotted function',
    duration_seconds: 9,
  };
  const summary: ScenePlan = {
    title: 'Summary',
    goal: `Recap ${shorten(topic, 200)}`,
    visuals: [...facts.slice(0, 3).map((f) => `Recap: ${shorten(f, 60)}`), `Closing line: ${shorten(topic, 150)}`],
    layout: 'summary: recap list, then the topic again',
    duration_seconds: 7,
  };

  // Fill the scene budget in order of value: title and summary, bullet scenes, then the diagram.
  const budget = input.limits.max;
  const middleSlots = Math.max(0, budget - 2);
  const middle: ScenePlan[] = [];
  if (middleSlots >= 1) {
    middle.push(...bullets.slice(0, middleSlots >= 2 ? middleSlots - 1 : 1));
    if (middle.length < middleSlots) middle.push(diagram);
  }
  const scenes = budget === 1 ? [title] : [title, ...middle, summary];
  return { title: shorten(topic, 200), scenes };
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
