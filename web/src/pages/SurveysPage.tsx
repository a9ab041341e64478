import { PageHeader } from '../components/PageHeader.tsx';

export function SurveysPage() {
  return (
    <div className="page">
      <PageHeader title="Surveys" />
    </div>
  );
}
