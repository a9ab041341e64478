import { PageHeader } from '../components/PageHeader.tsx';

export function UseCasesPage() {
  return (
    <div className="page">
      <PageHeader title="UseCases" />
    </div>
  );
}
