/**
 * Example responses of the GoCD API documentation (api.go.cd, Apache-2.0, and the seed's access token / current user
 * pages) and, where the docs lag the server, of the representers recorded in ../shared/reference/gocd-api.md.
 * The fake's answers must have these fields with these JSON types.
 */

export const pipelineInstance = {
  name: 'PipelineName',
  counter: 1,
  label: '1',
  natural_order: 1.0,
  can_run: true,
  preparing_to_schedule: false,
  comment: null,
  build_cause: {
    trigger_message: 'modified by user <user@users.noreply.github.com>',
    trigger_forced: false,
    approver: '',
    material_revisions: [
      {
        changed: true,
        material: {
          name: 'https://github.com/gocd/gocd',
          fingerprint: 'de08b34d116a1c0cf57cd76683bf21',
          type: 'Git',
          description: 'URL: https://github.com/gocd/gocd, Branch: master'
        },
        modifications: [
          {
            revision: '40f0a7ef224a0a2fba438b158483b',
            modified_time: 1436519914378,
            user_name: 'user <user@users.noreply.github.com>',
            comment: 'some commit message.',
            email_address: null
          }
        ]
      }
    ]
  },
  stages: [
    {
      result: 'Passed',
      rerun_of_counter: null,
      name: 'stage',
      counter: '1',
      scheduled: true,
      approval_type: 'success',
      approved_by: 'changes',
      operate_permission: true,
      can_run: true,
      jobs: [{ name: 'job', scheduled_date: 1436782534378, state: 'Completed', result: 'Passed' }]
    }
  ]
}

/** The exact key set of an instance and of a scheduled stage (reference §3.6). */
export const instanceKeys = [
  'build_cause',
  'can_run',
  'comment',
  'counter',
  'label',
  'name',
  'natural_order',
  'preparing_to_schedule',
  'scheduled_date',
  'stages'
]
export const stageKeys = [
  'approval_type',
  'approved_by',
  'can_run',
  'counter',
  'jobs',
  'name',
  'operate_permission',
  'rerun_of_counter',
  'result',
  'scheduled',
  'status'
]

export const pipelineStatus = { paused: true, paused_cause: 'Reason for pausing this pipeline', paused_by: 'admin', locked: false, schedulable: false }

export const stageInstanceV3 = {
  name: 'myStage',
  counter: 2,
  approval_type: 'success',
  approved_by: 'changes',
  scheduled_at: 1436509518752,
  last_transitioned_time: 1436509642631,
  result: 'Passed',
  rerun_of_counter: null,
  fetch_materials: true,
  clean_working_directory: false,
  artifacts_deleted: false,
  pipeline_name: 'mypipeline',
  pipeline_counter: 1,
  jobs: [
    {
      name: 'defaultJob',
      state: 'Completed',
      result: 'Passed',
      scheduled_date: 1436509518752,
      rerun: false,
      original_job_id: null,
      agent_uuid: '278fb0b6-d3b8-47e1-9443-67f26bfb5c15',
      pipeline_name: null,
      pipeline_counter: null,
      stage_name: null,
      stage_counter: null,
      job_state_transitions: [{ state: 'Scheduled', state_change_time: 1436509518752 }]
    }
  ]
}

export const jobInstance = {
  name: 'myJob',
  state: 'Completed',
  result: 'Passed',
  original_job_id: null,
  scheduled_date: 1436519914378,
  rerun: false,
  agent_uuid: 'b74d88d-d8823765f63c',
  pipeline_name: 'myPipeline',
  pipeline_counter: 1,
  stage_name: 'myStages',
  stage_counter: '1',
  job_state_transitions: []
}

export const currentUser = {
  _links: {
    doc: { href: 'https://api.gocd.org/#users' },
    self: { href: 'https://ci.example.com/go/api/users/jdoe' },
    find: { href: 'https://ci.example.com/go/api/users/:login_name' }
  },
  login_name: 'jdoe',
  display_name: 'John Doe',
  enabled: true,
  email: null,
  email_me: false,
  checkin_aliases: []
}

export const version = {
  _links: { self: { href: 'https://build.go.cd/go/api/version' }, doc: { href: 'https://api.gocd.org/#version' } },
  version: '16.6.0',
  build_number: '3348',
  git_sha: 'a7a5717cbd60c30006314fb8dd529796c93adaf0',
  full_version: '16.6.0 (3348-a7a5717cbd60c30006314fb8dd529796c93adaf0)',
  commit_url: 'https://github.com/gocd/gocd/commits/a7a5717cbd60c30006314fb8dd529796c93adaf0'
}

export const serverHealthMessage = {
  message: "Job 'Security-Checks/test/dependency-check' is not responding",
  detail: 'Job Security-Checks/test/dependency-check is currently running but has not shown any console activity.',
  level: 'WARNING',
  time: '2018-02-27T07:36:30Z'
}

export const accessToken = {
  _links: {
    self: { href: 'https://ci.example.com/go/api/current_user/access_tokens/42' },
    doc: { href: 'https://api.gocd.org/19.2.0/#access-token' },
    find: { href: 'https://ci.example.com/go/api/current_user/access_tokens/:id' }
  },
  id: 42,
  description: 'my first token',
  username: 'username',
  revoked: false,
  revoke_cause: null,
  revoked_by: null,
  revoked_at: null,
  created_at: '2019-02-20T10:45:10Z',
  last_used_at: null
}

export const accessTokenList = {
  _links: {
    self: { href: 'https://ci.example.com/go/api/current_user/access_tokens' },
    doc: { href: 'https://api.gocd.org/19.2.0/#access-token' }
  },
  _embedded: { access_tokens: [accessToken] }
}

export const artifactListing = [
  {
    name: 'cruise-output',
    url: 'https://ci.example.com/go/files/PipelineName/541/StageName/1/JobName/cruise-output',
    type: 'folder',
    files: [{ name: 'console.log', url: 'https://ci.example.com/go/files/PipelineName/541/StageName/1/JobName/cruise-output/console.log', type: 'file' }]
  }
]

export const materials = {
  _links: { doc: { href: 'https://api.gocd.org/#materials' }, self: { href: 'https://ci.example.com/go/api/config/materials' } },
  _embedded: {
    materials: [
      {
        type: 'git',
        fingerprint: '458ce82419bdbe41a4007ad713a730e5e467ed4fbefb421bf58aeff3e9c36e4b',
        attributes: {
          url: 'https://github.com/gocd/gocd',
          destination: null,
          filter: null,
          invert_filter: false,
          name: null,
          auto_update: false,
          branch: 'master',
          submodule_folder: null,
          shallow_clone: false
        }
      }
    ]
  }
}

export const dependencyMaterial = {
  type: 'dependency',
  fingerprint: '21f7963a8eca6cced5b4f20b57b4e9cb8edaed29d683c83621a77dfb499c553d',
  attributes: { pipeline: 'up42', stage: 'up42_stage', name: 'up42_material', auto_update: true, ignore_for_scheduling: false }
}

/** Stage history v3 (gocd `StageInstancesRepresenterTest`): string counter, short jobs, links from stage ids. */
export const stageHistory = {
  _links: {
    previous: { href: 'http://test.host/go/api/stages/pipeline/stage/history?before=21' },
    next: { href: 'http://test.host/go/api/stages/pipeline/stage/history?after=21' }
  },
  stages: [
    {
      name: 'stage',
      counter: '3',
      approval_type: null,
      approved_by: null,
      rerun_of_counter: null,
      pipeline_name: 'pipeline',
      pipeline_counter: 2,
      jobs: [{ name: 'job', state: 'Completed', result: 'Passed', scheduled_date: 12345 }]
    }
  ]
}

/** Pipeline config v11 (the seed's "Get pipeline config" example; `allow_only_on_success` from the v11 ApprovalRepresenter). */
export const pipelineConfig = {
  _links: {
    self: { href: 'https://ci.example.com/go/api/admin/pipelines/my_pipeline' },
    doc: { href: 'https://api.gocd.org/#pipeline-config' },
    find: { href: 'https://ci.example.com/go/api/admin/pipelines/:name' }
  },
  label_template: '${COUNT}',
  lock_behavior: 'lockOnFailure',
  name: 'new_pipeline',
  template: null,
  group: 'new_group',
  origin: {
    _links: { self: { href: 'https://ci.example.com/go/admin/config_xml' }, doc: { href: 'https://api.gocd.org/current/#get-configuration' } },
    type: 'gocd'
  },
  parameters: [],
  environment_variables: [],
  materials: [
    {
      type: 'git',
      attributes: {
        url: 'git@github.com:sample_repo/example.git',
        destination: 'dest',
        filter: null,
        invert_filter: false,
        name: null,
        auto_update: true,
        branch: 'master',
        submodule_folder: null,
        shallow_clone: false
      }
    }
  ],
  stages: [
    {
      name: 'defaultStage',
      fetch_materials: true,
      clean_working_directory: false,
      never_cleanup_artifacts: false,
      approval: { type: 'success', allow_only_on_success: false, authorization: { roles: [], users: [] } },
      environment_variables: [],
      jobs: [
        {
          name: 'defaultJob',
          run_instance_count: null,
          timeout: null,
          environment_variables: [],
          resources: [],
          tasks: [{ type: 'exec', attributes: { run_if: ['passed'], command: 'ls' } }],
          tabs: [],
          artifacts: []
        }
      ]
    }
  ],
  tracking_tool: null,
  timer: null
}
