"""The contracts' and payments' own step logs (ContractLog, PaymentLog) move into the kernel's one transition
log (workflow.TransitionRecord): rows the engine wrote into both are there already and are not written twice;
the others are carried with their step, date, time, actor, reason and record, and the states the frozen
tables below give them."""

from django.db import migrations

from fazhi.core.migration_ops import carry_step_log, content_type, restore_step_log

# Frozen copies of the tables' steps as they were at this migration: step → the state it leads to.
CONTRACT_STEPS = {"submit_review": "review", "pass_review": "reviewed", "fail_review": "drafting", "sign": "signed",
                  "complete": "completed", "terminate": "terminated"}
PAYMENT_STEPS = {"start": "running", "pay": "paid"}


def forwards(apps, schema_editor):
    carry_step_log(apps, apps.get_model("contracts", "ContractLog").objects.all(), "contract",
                   content_type(apps, "contracts", "contract"), "contract", CONTRACT_STEPS, "drafting")
    carry_step_log(apps, apps.get_model("contracts", "PaymentLog").objects.all(), "payment",
                   content_type(apps, "contracts", "payment"), "contract.payment", PAYMENT_STEPS, "pending")


def backwards(apps, schema_editor):
    restore_step_log(apps, apps.get_model("contracts", "ContractLog"), "contract",
                     content_type(apps, "contracts", "contract"), CONTRACT_STEPS)
    restore_step_log(apps, apps.get_model("contracts", "PaymentLog"), "payment",
                     content_type(apps, "contracts", "payment"), PAYMENT_STEPS)


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0002_grant_contracts"),
        ("workflow", "0005_transition_record"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="contractlog", name="actor"),
        migrations.RemoveField(model_name="contractlog", name="contract"),
        migrations.RemoveField(model_name="paymentlog", name="actor"),
        migrations.RemoveField(model_name="paymentlog", name="payment"),
        migrations.DeleteModel(name="ContractLog"),
        migrations.DeleteModel(name="PaymentLog"),
    ]
