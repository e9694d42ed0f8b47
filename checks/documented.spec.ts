/**
 * The page's three examples, replayed against the target: the request as documented (retargeted to the
 * configured service root, flow and connector), the URL and body checked against the fragment, and the answer
 * checked for 204 No Content.
 */
import { arrange, buildDocumentedRequest, documentedExamples, expect, meta, noContentProblems, matchPathTemplate, referenceBodyProblems, REF_TEMPLATE, supportIds, test } from '../harness';

// Every example writes the configured flow's configuration.
test.use({ writesConfiguration: true });

for (const example of documentedExamples()) {
  test(`${example.name}: the documented request is answered 204 No Content`, meta('@documented', 'ref-url', 'ref-body', 'no-content'), async ({ graph, config, contract }) => {
    const request = buildDocumentedRequest(example, config);
    const [, step] = example.sampleKeys;

    // The URL the suite sends is the documented one: template, parameters, literal $ref last.
    const url = matchPathTemplate(contract, REF_TEMPLATE, request.url, config.serviceRoot);
    expect(url.problems, `[${example.name}] ref-url: the request URL matches the path template`).toEqual([]);
    expect(url.params, `[${example.name}] ref-url: parameters extracted from the URL`).toEqual({ b2xUserFlowId: config.userFlowId, step });

    // The body is a ReferenceUpdate of the documented shape.
    const expectedBody = example.kind === 'enable' ? { kind: 'enable' as const, serviceRoot: config.serviceRoot, apiConnectorId: config.apiConnectorId } : { kind: 'disable' as const };
    expect(referenceBodyProblems(contract, request.body, expectedBody), `[${example.name}] ref-body: the request body has the documented shape`).toEqual([]);

    // Precondition of a disable: a connector is bound, so the example has something to remove.
    if (example.kind === 'disable') await arrange(graph, contract, { [step!]: 'connector' });

    const answer = await graph.send({ method: request.method, url: request.url, headers: request.headers, body: request.body });
    expect(noContentProblems(contract, REF_TEMPLATE, 'put', answer), `[${example.name}] no-content: the answer is 204 No Content with no body (${supportIds(answer)})`).toEqual([]);
  });
}
