import { FacilityList } from "@/components/facility-list";

export default function HomePage() {
  return (
    <section>
      <h1 className="mb-6 text-2xl font-semibold">Facilities</h1>
      <FacilityList />
    </section>
  );
}
