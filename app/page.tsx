import { FacilityList } from "@/components/facility-list";
import { requireViewer } from "@/lib/auth/page-principal";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await requireViewer("/");
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Facilities</h1>
      <FacilityList />
    </section>
  );
}
