import { describeDocExamples } from './support/doc-examples.js'

await describeDocExamples('resilience.md', 10)
