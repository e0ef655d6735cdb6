"""Attachments and comments on records of any kind (by content type and id)."""

import catena.workspace.models.files
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('workspace', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target_id', models.PositiveBigIntegerField(verbose_name='record id')),
                ('file', models.FileField(max_length=200, upload_to=catena.workspace.models.files.stored_name, verbose_name='file')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('size', models.PositiveBigIntegerField(verbose_name='size in bytes')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('kind', models.CharField(choices=[('pdf', 'PDF document'), ('png', 'PNG image'), ('jpeg', 'JPEG image'), ('gif', 'GIF image'), ('webp', 'WebP image'), ('docx', 'Word document'), ('xlsx', 'Excel workbook'), ('pptx', 'PowerPoint presentation'), ('csv', 'CSV table'), ('txt', 'Text'), ('dwg', 'DWG drawing'), ('dxf', 'DXF drawing')], max_length=10, verbose_name='kind')),
                ('mime_type', models.CharField(max_length=100, verbose_name='content type')),
                ('scan_verdict', models.CharField(choices=[('not_scanned', 'Not scanned'), ('clean', 'Clean'), ('infected', 'Infected')], default='not_scanned', max_length=20, verbose_name='virus scan')),
                ('shared_with_portal', models.BooleanField(default=False, help_text='The customer or partner of the record sees and downloads it in the portal.', verbose_name='shared with the portal')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='removed at')),
                ('deleted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='removed by')),
                ('target_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='record type')),
                ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['target_type', 'target_id', '-created_at'], name='attachment_target')],
            },
        ),
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target_id', models.PositiveBigIntegerField(verbose_name='record id')),
                ('body', models.TextField(max_length=5000, verbose_name='comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('edited_at', models.DateTimeField(blank=True, null=True, verbose_name='edited at')),
                ('deleted_at', models.DateTimeField(blank=True, null=True, verbose_name='deleted at')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('deleted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='deleted by')),
                ('mentions', models.ManyToManyField(blank=True, related_name='comment_mentions', to=settings.AUTH_USER_MODEL, verbose_name='mentions')),
                ('target_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='record type')),
            ],
            options={
                'verbose_name': 'comment',
                'verbose_name_plural': 'comments',
                'ordering': ['created_at', 'id'],
                'indexes': [models.Index(fields=['target_type', 'target_id', 'created_at'], name='comment_target')],
            },
        ),
    ]
