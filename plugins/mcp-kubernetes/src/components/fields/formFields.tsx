import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * The same two fields for the new frontend system. The frontend plugin's
 * `/alpha` adds this list to its extensions.
 *
 * @alpha
 */
export const mcpKubernetesFormFields = [
  FormFieldBlueprint.make({
    name: 'cluster-picker',
    params: {
      field: () =>
        import('./formFieldDefinitions').then(m => m.clusterPickerFormField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'policy-preview',
    params: {
      field: () =>
        import('./formFieldDefinitions').then(m => m.policyPreviewFormField),
    },
  }),
];
