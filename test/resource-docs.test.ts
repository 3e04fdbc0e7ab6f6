import { describeDocExamples } from './support/doc-examples.js'

await describeDocExamples('resource.md', 8)
