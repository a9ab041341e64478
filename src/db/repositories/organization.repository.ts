import type { Database } from '../client.ts';
import type { Organization } from './types.ts';

export function createOrganizationRepository(db: Database) {
  return {
    /** The organization this installation serves (the first one created), if any. */
    async findPrimary(): Promise<Organization | undefined> {
      return db.selectFrom('organizations').select(['id', 'name', 'slug']).orderBy('createdAt').limit(1).executeTakeFirst();
    },
    async create(input: { name: string; slug: string }): Promise<Organization> {
      return db.insertInto('organizations').values(input).returning(['id', 'name', 'slug']).executeTakeFirstOrThrow();
    },
    async deleteBySlug(slug: string): Promise<void> {
      await db.deleteFrom('organizations').where('slug', '=', slug).execute();
    },
  };
}
export type OrganizationRepository = ReturnType<typeof createOrganizationRepository>;
