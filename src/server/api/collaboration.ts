import express, { type Router } from 'express';
import { VersionConflictError, type Assignment, type UnitComment, type Workflow } from '../../workflow';
import type { ApiContext } from './context';
import * as schemas from './schemas';
import { etag, ifMatchVersion, parseInput, requiredVersion } from './validation';

export function commentJson(comment: UnitComment) {
  return {
    id: comment.id, unitId: comment.unitId, author: comment.author, text: comment.text, mentions: comment.mentions,
    resolved: comment.resolved, resolvedBy: comment.resolvedBy, resolvedAt: comment.resolvedAt, createdAt: comment.createdAt,
    version: comment.version, editedAt: comment.editedAt, deleted: comment.deleted,
  };
}

function assignmentJson(assignment: Assignment, slug: string) {
  return {
    articleSlug: slug, locale: assignment.locale, role: assignment.role, user: assignment.assignee,
    assignedBy: assignment.assignedBy, assignedAt: assignment.assignedAt,
  };
}

async function slugsById(workflow: Workflow): Promise<Map<number, { slug: string; title: string }>> {
  return new Map((await workflow.listArticles()).map((a) => [a.id, { slug: a.slug, title: a.title }]));
}

/**
 * Comments on units (`/api/units/:id/comments`, `/api/comments/:id`, an article's threads) and
 * assignments of articles and locales (`/api/articles/:slug/assignments`), the people one can
 * mention or assign (`/api/people`), and one's own work (`/api/me/work`).
 */
export function collaborationRoutes({ workflow, anyUser, translate, edit, by, approver }: ApiContext): Router {
  const router = express.Router();

  router.get('/units/:id/comments', anyUser, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    res.json((await workflow.unitComments(id)).map(commentJson));
  });

  router.post('/units/:id/comments', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    const { text } = parseInput(schemas.commentBody, req.body);
    res.status(201).json(commentJson(await workflow.addComment({ unitId: id, author: by(res), text })));
  });

  router.put('/comments/:id', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    if ((req.body as Record<string, unknown> | undefined)?.text !== undefined) {
      // An edit of the text: its author only (403), at the version they saw (428 without, 409 stale).
      await workflow.commentForWrite(id, approver(res), 'edit');
      const version = requiredVersion(req.get('if-match'), 'comment you edit');
      const body = parseInput(schemas.editCommentBody, req.body);
      let comment = await workflow.editComment(id, { text: body.text, by: approver(res), expectedVersion: version });
      if (body.resolved !== undefined) comment = await workflow.setCommentResolved(id, body.resolved, by(res));
      res.setHeader('ETag', etag(comment.version));
      res.json(commentJson(comment));
      return;
    }
    const { resolved } = parseInput(schemas.resolveCommentBody, req.body);
    // Anyone working on the unit resolves or reopens; an If-Match, when sent, must still be current.
    const version = ifMatchVersion(req.get('if-match'));
    if (version !== undefined) {
      const current = (await workflow.unitCommentById(id));
      if (current.version !== version) throw new VersionConflictError('comment', id, version, current.version);
    }
    const comment = await workflow.setCommentResolved(id, resolved, by(res));
    res.setHeader('ETag', etag(comment.version));
    res.json(commentJson(comment));
  });

  router.delete('/comments/:id', translate, async (req, res) => {
    const { id } = parseInput(schemas.unitIdParams, req.params, 'id');
    await workflow.commentForWrite(id, approver(res), 'delete');
    const version = requiredVersion(req.get('if-match'), 'comment you delete');
    await workflow.deleteComment(id, { by: approver(res), expectedVersion: version });
    res.json({ deleted: id });
  });

  router.get('/articles/:slug/comments', anyUser, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const { locale } = parseInput(schemas.queuesQuery, req.query, 'query');
    res.json((await workflow.articleComments(slug, locale)).map(commentJson));
  });

  router.get('/articles/:slug/assignments', anyUser, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    res.json((await workflow.assignments(slug)).map((a) => assignmentJson(a, slug)));
  });

  router.put('/articles/:slug/assignments', edit, async (req, res) => {
    const { slug } = parseInput(schemas.slugParams, req.params, 'slug');
    const body = parseInput(schemas.assignmentBody, req.body);
    const list = await workflow.assign(slug, { locale: body.locale, role: body.role, assignee: body.user, by: by(res) });
    res.json(list.map((a) => assignmentJson(a, slug)));
  });

  router.get('/people', anyUser, async (_req, res) => {
    // Names and roles only: whom one can mention or assign.
    res.json((await workflow.listUsers()).map((u) => ({ name: u.name, role: u.role })));
  });

  router.get('/me/work', anyUser, async (_req, res) => {
    const name = by(res);
    const articles = await slugsById(workflow);
    const assignments = (await workflow.assignments())
      .filter((a) => a.assignee === name && articles.has(a.documentId))
      .map((a) => ({ ...assignmentJson(a, articles.get(a.documentId)!.slug), title: articles.get(a.documentId)!.title }));
    const mentions = (await workflow.openMentions(name)).map((m) => ({
      ...commentJson(m.comment), articleSlug: m.documentId === null ? null : articles.get(m.documentId)?.slug ?? null,
      locale: m.locale, position: m.position,
    }));
    res.json({ assignments, mentions });
  });

  return router;
}
