import { ApiDocs } from "@/components/api-docs";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata = { title: "Footfall API" };

export default function DocsPage() {
  return <ApiDocs document={openApiDocument()} />;
}
